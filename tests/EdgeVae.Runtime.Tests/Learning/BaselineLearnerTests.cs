using EdgeVae.Contract;

namespace EdgeVae.Runtime.Tests.Learning;

/// <summary>
/// The on-device learner on synthetic windows with known statistics: what it learns, what it refuses, and its state
/// blob (round trip, resumption, torn writes, other models' states).
/// </summary>
public class BaselineLearnerTests
{
    private const int Channels = 3, Steps = 16, Features = Channels * Steps;
    private static readonly byte[] Tag = [1, 2, 3, 4, 5, 6, 7, 8];

    private static BaselineLearner Create(float[]? scale = null, byte[]? tag = null) =>
        new(Enumerable.Repeat(0.5f, Features).ToArray(), scale ?? Enumerable.Range(0, Features).Select(i => 2f + i % Channels).ToArray(),
            Channels, 0.25f, 3 * 256, tag ?? Tag);

    /// <summary>Windows whose channel c, normalized with the trained arrays, has mean means[c] and standard deviation spreads[c].</summary>
    private static IEnumerable<float[]> Windows(int count, double[] means, double[] spreads, ulong seed)
    {
        var rng = new Random((int)seed);
        for (int w = 0; w < count; w++)
        {
            var u = new float[Features];
            for (int i = 0; i < Features; i++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                u[i] = (float)(means[i % Channels] + spreads[i % Channels] * g);
            }
            yield return u;
        }
    }

    private static void Feed(BaselineLearner learner, IEnumerable<float[]> normalized)
    {
        foreach (var u in normalized) Assert.True(learner.AddNormalWindow(u));
    }

    [Fact]
    public void Learns_each_channels_mean_and_spread_and_renormalizes_onto_them()
    {
        var learner = Create();
        learner.Begin(400, 0);
        double[] means = [0.8, -1.5, 0.0], spreads = [2.0, 0.5, 1.0];
        var windows = Windows(400, means, spreads, 11).ToList();
        Feed(learner, windows);
        Assert.Equal(BaselineLearner.Learned, learner.Phase);
        for (int c = 0; c < Channels; c++)
        {
            var values = windows.SelectMany(u => Enumerable.Range(0, Steps).Select(t => (double)u[t * Channels + c])).ToArray();
            double mean = values.Average(), sd = Math.Sqrt(values.Average(v => v * v) - mean * mean);
            Assert.InRange(learner.LearnedMean(c) / 1024.0, mean - 2e-3, mean + 2e-3);
            Assert.InRange(learner.LearnedSpread(c) / 1024.0, sd - 2e-3, sd + 2e-3);
        }
        // The learned normalization maps the raw values behind those windows onto mean 0 and spread 1.
        for (int c = 0; c < Channels; c++)
        {
            var z = new List<double>();
            foreach (var u in windows)
                for (int t = 0; t < Steps; t++)
                {
                    int i = t * Channels + c;
                    double raw = u[i] / (2.0 + c) + 0.5;
                    z.Add((raw - learner.Offset[i]) * learner.Scale[i]);
                }
            double m = z.Average(), s = Math.Sqrt(z.Average(v => v * v) - m * m);
            Assert.InRange(m, -3e-3, 3e-3);
            Assert.InRange(s, 1 - 3e-3, 1 + 3e-3);
        }
        Assert.Equal(0.25f, learner.Threshold); // no threshold windows: the trained one stays
    }

    [Fact]
    public void A_channel_that_does_not_vary_keeps_its_trained_scale_and_nothing_divides_by_zero()
    {
        var learner = Create();
        learner.Begin(50, 0);
        Feed(learner, Windows(50, [1.0, 2.0, 0.3], [1.0, 0.0, 0.001], 3));
        Assert.Equal(0, learner.LearnedSpread(1));
        Assert.Equal(0, learner.LearnedSpread(2)); // under 1/64 of the trained spread
        for (int i = 0; i < Features; i++)
        {
            Assert.True(float.IsFinite(learner.Offset[i]) && float.IsFinite(learner.Scale[i]));
            if (i % Channels != 0) Assert.Equal(2f + i % Channels, learner.Scale[i]);
        }
        // The mean still moves: channel 1 sits at 2 trained standard deviations.
        Assert.Equal(2048, learner.LearnedMean(1));
        Assert.Equal(0.5f + 2f / 3f, learner.Offset[1], 6);
    }

    [Fact]
    public void Non_finite_windows_and_scores_are_skipped_not_counted()
    {
        var learner = Create();
        learner.Begin(2, 3);
        var bad = new float[Features];
        bad[7] = float.NaN;
        Assert.False(learner.AddNormalWindow(bad));
        bad[7] = float.PositiveInfinity;
        Assert.False(learner.AddNormalWindow(bad));
        Assert.Equal(0, learner.WindowsTaken);
        Feed(learner, Windows(2, [0, 0, 0], [1, 1, 1], 5));
        Assert.Equal(BaselineLearner.LearningThreshold, learner.Phase);
        Assert.False(learner.AddScore(float.NaN));
        Assert.False(learner.AddScore(float.NegativeInfinity));
        Assert.Equal(0, learner.WindowsTaken);
        Assert.False(learner.AddNormalWindow(new float[Features])); // wrong phase
    }

    [Fact]
    public void The_threshold_is_the_mean_normal_score_plus_k_standard_deviations()
    {
        var learner = Create();
        learner.Begin(1, 1000);
        Feed(learner, Windows(1, [0, 0, 0], [1, 1, 1], 1));
        var rng = new Random(9);
        var scores = Enumerable.Range(0, 1000).Select(_ => (float)(0.2 + 0.05 * rng.NextDouble())).ToArray();
        foreach (float s in scores) Assert.True(learner.AddScore(s));
        Assert.Equal(BaselineLearner.Learned, learner.Phase);
        double mean = scores.Average(s => (double)s), sd = Math.Sqrt(scores.Average(s => (double)s * s) - mean * mean);
        // Resolution: a score unit is the trained threshold / 65536 (3.8e-6 here); the mean and the square root truncate.
        Assert.InRange(learner.Threshold, mean + 3 * sd - 3e-5, mean + 3 * sd + 3e-5);
    }

    [Fact]
    public void A_saved_state_loads_into_a_fresh_learner_with_the_same_floats_and_saves_the_same_bytes()
    {
        var learner = Learned();
        var slot = new byte[learner.StateBytes];
        Assert.Equal(1, learner.Save(slot)); // first save: sequence 1, slot 1
        var fresh = Create();
        Assert.True(fresh.Load(null!, slot));
        Assert.Equal(learner.Phase, fresh.Phase);
        Assert.Equal(learner.Threshold, fresh.Threshold);
        Assert.Equal(learner.Offset, fresh.Offset);
        Assert.Equal(learner.Scale, fresh.Scale);
        byte[] a = new byte[learner.StateBytes], b = new byte[learner.StateBytes];
        Assert.Equal(learner.Save(a), fresh.Save(b));
        Assert.Equal(a, b);
        Assert.Equal(68 + 28 * Channels, learner.StateBytes);
    }

    [Fact]
    public void Learning_saved_half_way_and_resumed_after_a_restart_ends_in_the_uninterrupted_state()
    {
        var windows = Windows(60, [0.3, -0.2, 1.1], [1.2, 0.8, 0.9], 21).ToList();
        var scores = Enumerable.Range(0, 40).Select(i => 0.1f + 0.003f * (i % 13)).ToList();
        var straight = Create();
        straight.Begin(60, 40);
        Feed(straight, windows);
        foreach (var s in scores) straight.AddScore(s);

        var first = Create();
        first.Begin(60, 40);
        Feed(first, windows.Take(25));
        var slot = new byte[first.StateBytes];
        first.Save(slot);
        var resumed = Create();
        Assert.True(resumed.Load(slot, null!));
        Assert.Equal(25, resumed.WindowsTaken);
        Feed(resumed, windows.Skip(25));
        foreach (var s in scores.Take(10)) resumed.AddScore(s);
        resumed.Save(slot);
        var again = Create();
        Assert.True(again.Load(slot, null!));
        foreach (var s in scores.Skip(10)) again.AddScore(s);

        Assert.Equal(BaselineLearner.Learned, again.Phase);
        Assert.Equal(straight.Threshold, again.Threshold);
        Assert.Equal(straight.Offset, again.Offset);
        Assert.Equal(straight.Scale, again.Scale);
    }

    /// <summary>A power loss after any number of bytes of the new slot's write: the previous state is what loads.</summary>
    [Fact]
    public void A_write_cut_short_at_any_byte_leaves_the_previous_state_to_load()
    {
        var learner = Learned();
        int bytes = learner.StateBytes;
        var older = new byte[bytes];
        Assert.Equal(1, learner.Save(older));
        float olderThreshold = learner.Threshold;
        learner.Begin(5, 5);
        Feed(learner, Windows(5, [2, 2, 2], [3, 3, 3], 8));
        foreach (var s in new[] { 0.9f, 1.1f, 1.3f, 1.0f, 0.8f }) learner.AddScore(s);
        var newer = new byte[bytes];
        Assert.Equal(0, learner.Save(newer)); // the other slot
        Assert.NotEqual(olderThreshold, learner.Threshold);
        foreach (byte erased in new byte[] { 0xFF, 0x00 })
            for (int cut = 0; cut < bytes; cut++)
            {
                var torn = Enumerable.Repeat(erased, bytes).ToArray();
                Array.Copy(newer, torn, cut);
                var boot = Create();
                Assert.True(boot.Load(torn, older), $"cut at {cut}");
                Assert.Equal(olderThreshold, boot.Threshold);
            }
        var complete = Create();
        Assert.True(complete.Load(newer, older));
        Assert.Equal(learner.Threshold, complete.Threshold);
        // The order of the slots does not matter, the sequence numbers do.
        var swapped = Create();
        Assert.True(swapped.Load(older, newer));
        Assert.Equal(learner.Threshold, swapped.Threshold);
    }

    [Fact]
    public void States_of_another_model_damaged_states_and_empty_slots_do_not_load()
    {
        var learner = Learned();
        var slot = new byte[learner.StateBytes];
        learner.Save(slot);
        Assert.False(Create(tag: [9, 9, 9, 9, 9, 9, 9, 9]).Load(slot, null!));
        for (int i = 0; i < slot.Length; i += 7)
        {
            var flipped = (byte[])slot.Clone();
            flipped[i] ^= 0x10;
            Assert.False(Create().Load(flipped, null!), $"byte {i} flipped");
        }
        var fresh = Create();
        Assert.False(fresh.Load(null!, null!));
        Assert.False(fresh.Load([], new byte[3]));
        Assert.Equal(BaselineLearner.Trained, fresh.Phase);
        Assert.Equal(0.25f, fresh.Threshold);
    }

    [Fact]
    public void Begin_and_the_constructor_refuse_what_could_overflow_or_make_no_sense()
    {
        var learner = Create();
        Assert.Throws<ArgumentException>(() => learner.Begin(0, 10));
        Assert.Throws<ArgumentException>(() => learner.Begin(BaselineLearner.MaxSamplesPerChannel / Steps + 1, 10));
        Assert.Throws<ArgumentException>(() => learner.Begin(10, -1));
        Assert.Throws<ArgumentException>(() => new BaselineLearner(new float[Features], new float[Features], Channels, 0f, 768, Tag));
        Assert.Throws<ArgumentException>(() => new BaselineLearner(new float[Features], new float[Features - 1], Channels, 1f, 768, Tag));
        Assert.Throws<ArgumentException>(() => new BaselineLearner(new float[Features], new float[Features], Channels, 1f, 768, [1, 2]));
    }

    private static BaselineLearner Learned()
    {
        var learner = Create();
        learner.Begin(30, 20);
        Feed(learner, Windows(30, [0.5, -0.5, 0.2], [1.5, 0.7, 1.0], 2));
        for (int i = 0; i < 20; i++) learner.AddScore(0.2f + 0.01f * (i % 5));
        Assert.Equal(BaselineLearner.Learned, learner.Phase);
        return learner;
    }
}
