using EdgeVae.Runtime.Scoring;

namespace EdgeVae.Runtime.Tests.Scoring;

/// <summary>Per-channel shares through a feature-to-channel table (a front-end whose branches differ per channel).</summary>
public class FeatureChannelTests
{
    [Fact]
    public void Shares_follow_the_table_and_the_score_is_the_table_free_score()
    {
        var rng = new Random(9);
        int n = 37;
        var codes = Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
        var wide = codes.Select(c => (short)(c * 200)).ToArray();
        var target = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var output = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var mean = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() * 0.1f).ToArray();
        var weight = Enumerable.Range(0, n).Select(_ => 1 + (float)rng.NextDouble()).ToArray();
        var map = Enumerable.Range(0, n).Select(i => i < 20 ? 2 : i % 2).ToArray();
        void Check(Func<Span<float>, ReadOnlySpan<int>, float> shares, Func<float> plain, Func<int, float> error)
        {
            var s = new float[3];
            float score = shares(s, map);
            Assert.Equal(BitConverter.SingleToInt32Bits(plain()), BitConverter.SingleToInt32Bits(score));
            for (int c = 0; c < 3; c++)
            {
                float expected = 0;
                for (int i = 0; i < n; i++) if (map[i] == c) expected += error(i);
                Assert.Equal(expected / n, s[c], 5);
            }
        }
        Check((s, m) => ReconstructionError.MeanSquared(codes, 0.01f, 3, target, s, m), () => ReconstructionError.MeanSquared(codes, 0.01f, 3, target), i => Sq(0.01f * (codes[i] - 3) - target[i]));
        Check((s, m) => ReconstructionError.MeanSquared(wide, 1e-4f, 0, target, s, m), () => ReconstructionError.MeanSquared(wide, 1e-4f, 0, target), i => Sq(1e-4f * wide[i] - target[i]));
        Check((s, m) => ReconstructionError.MeanSquared(output, target, s, m), () => ReconstructionError.MeanSquared(output, target), i => Sq(output[i] - target[i]));
        Check((s, m) => StandardizedError.MeanSquared(codes, 0.01f, 3, target, mean, weight, s, m), () => StandardizedError.MeanSquared(codes, 0.01f, 3, target, mean, weight),
            i => Sq((0.01f * (codes[i] - 3) - target[i] - mean[i]) * weight[i]));
        Check((s, m) => StandardizedError.MeanSquared(output, target, mean, weight, s, m), () => StandardizedError.MeanSquared(output, target, mean, weight),
            i => Sq((output[i] - target[i] - mean[i]) * weight[i]));
    }

    private static float Sq(float d) => d * d;

    [Fact]
    public void A_table_of_the_wrong_length_or_channel_is_refused()
    {
        var target = new float[4];
        Assert.Contains("holds 3 entries for 4 features", Assert.Throws<ArgumentException>(() => ReconstructionError.MeanSquared(new float[4], target, new float[2], [0, 1, 0])).Message);
        Assert.Contains("names channel 2 of 2", Assert.Throws<ArgumentException>(() => ReconstructionError.MeanSquared(new float[4], target, new float[2], [0, 1, 2, 0])).Message);
    }
}
