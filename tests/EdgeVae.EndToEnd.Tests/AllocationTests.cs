namespace EdgeVae.EndToEnd.Tests;

/// <summary>Every generated method allocates nothing: 10,000 calls each, measured on the calling thread.</summary>
public class AllocationTests
{
    /// <summary>
    /// Steady state: after warm-up, a run of 10,000 calls allocates 0 bytes. The runtime itself can allocate once on
    /// the calling thread while it swaps in re-jitted code (tiered compilation, more likely when other test
    /// assemblies load the machine), so up to three runs are measured; a method that allocates per call fails all three.
    /// </summary>
    private static void AssertNoAllocation(string what, Action call)
    {
        for (int i = 0; i < 1000; i++) call();
        var runs = new List<long>();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++) call();
            runs.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            if (runs[^1] == 0) return;
        }
        Assert.Fail($"{what} allocated {string.Join(", ", runs)} bytes in three runs of 10,000 calls");
    }

    [Theory]
    [InlineData("Int8", "dense")]
    [InlineData("Int16", "dense")]
    [InlineData("Float32", "dense")]
    [InlineData("Int8", "conv")]
    [InlineData("Int16", "conv")]
    [InlineData("Float32", "conv")]
    public void Every_generated_method_of_the_motor_models_allocates_nothing(string precision, string which)
    {
        var model = which == "conv" ? TrainedModels.Conv : TrainedModels.Motor;
        var g = new GeneratedModel(model, precision);
        var x = TrainedModels.MotorWindows(1).Row(0).ToArray();
        var output = new float[model.InputSize];
        var latent = new float[model.LatentSize];
        var channels = new float[model.Data.Channels];
        var score = g.Method<ScoreFn>("Score");
        var perChannel = g.Method<ScorePerChannelFn>("Score");
        var isAnomaly = g.Method<IsAnomalyFn>("IsAnomaly");
        var encode = g.Method<MapFn>("Encode");
        var decode = g.Method<MapFn>("Decode");
        var reconstruct = g.Method<MapFn>("Reconstruct");
        var denoise = model.Kind == Compiler.Model.ModelKind.Denoising ? g.Method<MapFn>("Denoise") : reconstruct;
        var scorer = (EdgeVae.Runtime.IAnomalyScorer)g.Type.GetProperty("Scorer")!.GetValue(null)!;
        AssertNoAllocation("Score", () => score(x));
        AssertNoAllocation("Score(channels)", () => perChannel(x, channels));
        AssertNoAllocation("IsAnomaly", () => isAnomaly(x));
        AssertNoAllocation("Encode", () => encode(x, latent));
        AssertNoAllocation("Decode", () => decode(latent, output));
        AssertNoAllocation("Reconstruct", () => reconstruct(x, output));
        AssertNoAllocation("Denoise", () => denoise(x, output));
        AssertNoAllocation("Scorer.Score", () => scorer.Score(x, channels));
        var inWorkspace = g.ProbeMethod<ScoreFn>("ScoreInWorkspace");
        var perChannelInWorkspace = g.ProbeMethod<ScorePerChannelFn>("ScoreInWorkspace");
        AssertNoAllocation("Score(workspace)", () => inWorkspace(x));
        AssertNoAllocation("Score(channels, workspace)", () => perChannelInWorkspace(x, channels));
    }

    [Fact]
    public void The_vae_methods_allocate_nothing()
    {
        var model = TrainedModels.Fashion;
        var g = new GeneratedModel(model, "Int8");
        var x = new float[model.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = (i * 37 % 255);
        var output = new float[model.InputSize];
        var negElbo = g.Method<ScoreFn>("NegativeElbo");
        var sample = g.Method<SampleFn>("Sample");
        AssertNoAllocation("NegativeElbo", () => negElbo(x));
        uint seed = 1;
        AssertNoAllocation("Sample", () => sample(seed++, output));
    }

    [Theory]
    [InlineData("Int8")]
    [InlineData("Int16")]
    [InlineData("Float32")]
    public void The_front_end_and_its_streaming_scorer_allocate_nothing(string precision)
    {
        var model = TrainedModels.BandsStats;
        var g = new GeneratedModel(model, precision);
        var (signal, _) = Trainer.Data.MotorSignalGenerator.Record(77, 2000);
        int width = model.InputSize;
        var windows = Enumerable.Range(0, 40).Select(k => signal.AsSpan(k * 16 * 4, width).ToArray()).ToArray();
        var x = windows[0];
        var features = new float[model.FeatureSize];
        var output = new float[model.FeatureSize];
        var latent = new float[model.LatentSize];
        var channels = new float[model.Data.Channels];
        var score = g.Method<ScoreFn>("Score");
        var perChannel = g.Method<ScorePerChannelFn>("Score");
        var isAnomaly = g.Method<IsAnomalyFn>("IsAnomaly");
        var compute = g.Method<MapFn>("ComputeFeatures");
        var encode = g.Method<MapFn>("Encode");
        var reconstruct = g.Method<MapFn>("Reconstruct");
        var stream = (EdgeVae.Runtime.IAnomalyScorer)Activator.CreateInstance(g.Type.GetNestedType("StreamingScorer")!, 16)!;
        int next = 0;
        AssertNoAllocation("ComputeFeatures", () => compute(x, features));
        AssertNoAllocation("Score", () => score(x));
        AssertNoAllocation("Score(channels)", () => perChannel(x, channels));
        AssertNoAllocation("IsAnomaly", () => isAnomaly(x));
        AssertNoAllocation("Encode", () => encode(x, latent));
        AssertNoAllocation("Reconstruct", () => reconstruct(x, output));
        // Windows advancing by the hop (frames reused), and every 40th a jump back (computed whole).
        AssertNoAllocation("StreamingScorer.Score", () => stream.Score(windows[next = (next + 1) % windows.Length], channels));
    }
}
