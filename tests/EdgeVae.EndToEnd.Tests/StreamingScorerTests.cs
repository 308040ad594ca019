using EdgeVae.Runtime;
using EdgeVae.Runtime.Streaming;
using EdgeVae.Trainer.Data;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// The generated StreamingScorer of a convolutional model: windows that advance by a hop reuse the convolution frames
/// of the window before, and every score is the bits of the model's own Score of that window.
/// </summary>
public class StreamingScorerTests
{
    private static (IAnomalyScorer Scorer, Type Type) Streaming(GeneratedModel g, int hop)
    {
        var type = g.Type.GetNestedType("StreamingScorer") ?? throw new InvalidOperationException("no StreamingScorer in the generated code");
        try
        {
            return ((IAnomalyScorer)Activator.CreateInstance(type, hop)!, type);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException != null)
        {
            throw e.InnerException;
        }
    }

    private static T Property<T>(IAnomalyScorer scorer, string name) => (T)scorer.GetType().GetProperty(name)!.GetValue(scorer)!;

    /// <summary>A 4-channel motor recording cut into windows of 64 steps advancing by <paramref name="hop"/>, in stream order.</summary>
    private static float[][] Stream(ulong seed, MotorFault fault, int hop, int steps = 1200)
    {
        var (signal, truth) = MotorSignalGenerator.Record(seed, steps, fault, faultStart: steps / 2);
        var (windows, _, count) = MotorSignalGenerator.Cut(signal, truth, 4, 64, hop);
        return Enumerable.Range(0, count).Select(i => windows.AsSpan(i * 256, 256).ToArray()).ToArray();
    }

    [Theory]
    [InlineData("conv", "Int8", 4)]
    [InlineData("conv", "Int8", 32)]
    [InlineData("conv", "Int16", 8)]
    [InlineData("conv", "Float32", 16)]
    [InlineData("convvae", "Int8", 8)]
    [InlineData("convvae", "Int16", 24)]
    public void Streaming_scores_are_the_bits_of_scoring_each_window_and_reuse_frames(string which, string precision, int hop)
    {
        var model = which == "conv" ? TrainedModels.Conv : TrainedModels.ConvVae;
        var g = new GeneratedModel(model, precision);
        var score = g.Method<ScorePerChannelFn>("Score");
        var (scorer, _) = Streaming(g, hop);
        var expectedChannels = new float[4];
        var actualChannels = new float[4];
        int reusedWindows = 0;
        foreach (var (window, i) in Stream(77, MotorFault.Bearing, hop).Select((w, i) => (w, i)))
        {
            float expected = score(window, expectedChannels);
            float actual = scorer.Score(window, actualChannels);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"window {i}: Score {expected:R}, streaming {actual:R}");
            Assert.Equal(expectedChannels, actualChannels);
            int reused = Property<int>(scorer, "LastReusedFrames");
            if (i == 0) Assert.Equal(0, reused);
            else Assert.True(reused > 0, $"window {i} reused no frames");
            if (reused > 0) reusedWindows++;
        }
        Assert.True(reusedWindows > 10);
        long perHop = Property<long>(scorer, "MacsPerHop");
        Assert.True(perHop < model.MacsPerInference, $"{perHop} MACs per hop against {model.MacsPerInference} per window");
        Assert.True(perHop > 0);
        // The figure `edgevae info` reports for this hop.
        var prefix = Compiler.Planning.StreamingPrefix.Find(model, Compiler.Planning.ExecutionPlan.For(model, null, packedKernels: false))!;
        Assert.Equal(prefix.MacsPerHop(model.MacsPerInference, 64, hop), perHop);
    }

    [Fact]
    public void Windows_that_are_not_the_previous_one_advanced_by_the_hop_are_computed_in_full()
    {
        var g = new GeneratedModel(TrainedModels.Conv, "Int8");
        var score = g.Method<ScoreFn>("Score");
        var (scorer, _) = Streaming(g, 32);
        var a = Stream(5, MotorFault.Normal, 32);
        var b = Stream(6, MotorFault.Imbalance, 32);
        // Alternating two recordings: no window is the one before advanced by 32 steps.
        for (int i = 0; i < 10; i++)
        {
            var window = i % 2 == 0 ? a[i] : b[i];
            Assert.Equal(BitConverter.SingleToInt32Bits(score(window)), BitConverter.SingleToInt32Bits(scorer.Score(window, Span<float>.Empty)));
            Assert.Equal(0, Property<int>(scorer, "LastReusedFrames"));
        }
        // A window shifted by another hop (16 steps) is not reused either, and a repeated window is not a shift.
        var c = Stream(7, MotorFault.Normal, 16);
        scorer.Score(c[0], Span<float>.Empty);
        Assert.Equal(BitConverter.SingleToInt32Bits(score(c[1])), BitConverter.SingleToInt32Bits(scorer.Score(c[1], Span<float>.Empty)));
        Assert.Equal(0, Property<int>(scorer, "LastReusedFrames"));
        scorer.Score(c[1], Span<float>.Empty);
        Assert.Equal(0, Property<int>(scorer, "LastReusedFrames"));
        // One changed sample in the shared part: recomputed.
        scorer.Score(a[0], Span<float>.Empty);
        var changed = (float[])a[1].Clone();
        changed[10] += 0.5f;
        Assert.Equal(BitConverter.SingleToInt32Bits(score(changed)), BitConverter.SingleToInt32Bits(scorer.Score(changed, Span<float>.Empty)));
        Assert.Equal(0, Property<int>(scorer, "LastReusedFrames"));
        // Reset forgets the previous window.
        scorer.Score(a[0], Span<float>.Empty);
        scorer.GetType().GetMethod("Reset")!.Invoke(scorer, null);
        scorer.Score(a[1], Span<float>.Empty);
        Assert.Equal(0, Property<int>(scorer, "LastReusedFrames"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(6)]
    [InlineData(64)]
    [InlineData(100)]
    public void A_hop_that_cannot_stream_is_refused_with_the_rule(int hop)
    {
        var g = new GeneratedModel(TrainedModels.Conv, "Int8");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Streaming(g, hop));
        Assert.Contains("multiple of the encoder's total stride (4)", e.Message);
        Assert.Contains("64 steps", e.Message);
    }

    [Fact]
    public void The_streaming_scorer_drives_the_streaming_detector_like_the_static_scorer_and_allocates_nothing()
    {
        var g = new GeneratedModel(TrainedModels.Conv, "Int8");
        var (scorer, _) = Streaming(g, 16);
        var plain = (IAnomalyScorer)g.Type.GetProperty("Scorer")!.GetValue(null)!;
        var streamed = new StreamingDetector(scorer, hop: 16);
        var reference = new StreamingDetector(plain, hop: 16);
        var (signal, _) = MotorSignalGenerator.Record(31, 3000, MotorFault.Misalignment, faultStart: 1500);
        for (int t = 0; t < 3000; t++)
        {
            var sample = signal.AsSpan(t * 4, 4);
            Assert.Equal(reference.Push(sample, out var expected), streamed.Push(sample, out var actual));
            Assert.Equal(expected, actual);
            Assert.Equal(BitConverter.SingleToInt32Bits(reference.LastScore), BitConverter.SingleToInt32Bits(streamed.LastScore));
        }
        Assert.True(Property<int>(scorer, "LastReusedFrames") > 0);
        var windows = Stream(3, MotorFault.Normal, 16, steps: 20_000);
        int next = 0;
        long before = 0;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 300; i++) scorer.Score(windows[next++ % windows.Length], Span<float>.Empty);
            before = GC.GetAllocatedBytesForCurrentThread() - before;
            if (before == 0) break;
        }
        Assert.Equal(0, before);
    }

    [Fact]
    public void A_dense_model_has_no_streaming_scorer()
    {
        var g = new GeneratedModel(TrainedModels.Motor, "Int8");
        Assert.Null(g.Type.GetNestedType("StreamingScorer"));
    }

    [Fact]
    public void ScorerFor_gives_the_streaming_scorer_where_the_model_takes_the_hop_and_the_plain_one_elsewhere()
    {
        IAnomalyScorer For(GeneratedModel g, int hop) => (IAnomalyScorer)g.Type.GetMethod("ScorerFor")!.Invoke(null, [hop])!;
        var conv = new GeneratedModel(TrainedModels.Conv, "Int8");
        var plain = (IAnomalyScorer)conv.Type.GetProperty("Scorer")!.GetValue(null)!;
        Assert.Equal("StreamingScorer", For(conv, 16).GetType().Name);
        Assert.Equal(16, Property<int>(For(conv, 16), "Hop"));
        Assert.Same(plain, For(conv, 6)); // not a multiple of the total stride 4
        Assert.Same(plain, For(conv, 64)); // the whole window
        var frontEnd = new GeneratedModel(TrainedModels.BandsStats, "Int8");
        Assert.Equal("StreamingScorer", For(frontEnd, 32).GetType().Name);
        Assert.Equal("AnomalyScorer", For(frontEnd, 8).GetType().Name); // not a multiple of the frame hop 16
        var dense = new GeneratedModel(TrainedModels.Motor, "Int8");
        Assert.Same(dense.Type.GetProperty("Scorer")!.GetValue(null), For(dense, 32));
    }
}
