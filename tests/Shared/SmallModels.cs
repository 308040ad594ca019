using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Tests.Shared;

/// <summary>Small models with every member set, for tests of the format, the emitters and the generator.</summary>
internal static class SmallModels
{
    /// <summary>
    /// 6 inputs (3 steps × 2 channels) → dense 4 + ReLU → dense 2 (the code; a VAE's 4 = μ | log σ² and its head) →
    /// dense 4 + tanh → dense 6, calibrated, with a float32 threshold.
    /// </summary>
    internal static ModelDescription Small(ModelKind kind = ModelKind.Autoencoder)
    {
        var rng = new Random(4);
        EquatableArray<float> Floats(int n) => new(Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
        var pre = new ValueRange(-1.5f, 2.25f);
        var post = new ValueRange(0, 2.25f);
        bool vae = kind == ModelKind.Variational;
        var offset = Floats(6);
        var ops = new List<Op>
        {
            new NormalizeOp("normalize", NormalizationMethod.ZScore, offset, new(Enumerable.Repeat(2f, 6).ToArray())) { Range = new ValueRange(-3, 3) },
        };
        var w0 = Floats(24); var b0 = Floats(4);
        ops.Add(new DenseOp("encoder.0", 6, 4, w0, b0) { Range = pre });
        ops.Add(new ActivationOp("encoder.0.relu", ActivationFunction.Relu) { Range = post });
        int codeWidth = vae ? 4 : 2;
        ops.Add(new DenseOp("encoder.1", 4, codeWidth, Floats(4 * codeWidth), Floats(codeWidth)) { Range = post });
        string latent = "encoder.1";
        if (vae)
        {
            ops.Add(new GaussianHeadOp("encoder.1.gaussian") { Range = post });
            latent = "encoder.1.gaussian";
        }
        ops.Add(new DenseOp("decoder.0", 2, 4, Floats(8), Floats(4)) { Range = pre });
        ops.Add(new ActivationOp("decoder.0.tanh", ActivationFunction.Tanh) { Range = post });
        ops.Add(new DenseOp("decoder.1", 4, 6, Floats(24), Floats(6)) { Range = post });
        var graph = new ModelGraph(TensorShape.Features(6), new(ops.ToArray()), latent);
        return new ModelDescription(2, "motor \"test\"", kind, ReconstructionKind.Gaussian,
            new DataContract(2, 3, 1, 1000, new(["x", "y"])), graph,
            new([new Threshold("float32", "mse", 0.123456789, "percentile", 99, 500, 0.1, 0.01, 0.09, 0.2)]),
            "{\"data\":\"builtin:motor\",\"seed\":\"1\"}");
    }

    /// <summary><paramref name="model"/> with op <paramref name="name"/> replaced by <paramref name="change"/>(op).</summary>
    internal static ModelDescription WithOp(this ModelDescription model, string name, Func<Op, Op> change) =>
        model with { Graph = model.Graph with { Ops = new(model.Graph.Ops.Select(o => o.Name == name ? change(o) : o).ToArray()) } };

    /// <summary>
    /// A front-end model: a window of 64 steps × 2 channels → frame 32 (hop 16, 3 frames) → Hann → 32-point power spectrum →
    /// 4 mel filters → dB (floor −80) → mean and kurtosis appended → 3 × 6 × 2 = 36 interleaved features → normalize → dense 36
    /// → 4 + ReLU → dense 2 (the code) → dense 36, calibrated.
    /// </summary>
    internal static ModelDescription WithFrontEnd()
    {
        var rng = new Random(6);
        EquatableArray<float> Floats(int n) => new(Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
        var range = new ValueRange(-2, 2);
        var ops = new List<Op>
        {
            new FrameOp("frontend.frame", 2, 32, 16, new([4f, 0.5f])),
            new WindowOp("frontend.window", 32, WindowFunction.Hann),
            new SpectrumOp("frontend.spectrum", 32, Magnitude: false),
            MelOp.Build("frontend.mel", 17, 4, 1000, 0, 500),
            new LogOp("frontend.log", -80),
            new StatsOp("frontend.stats", new([FrameStatistic.Mean, FrameStatistic.Kurtosis]), 3, 32, Keep: true),
            new TransposeOp("frontend.interleave"),
            new ReshapeOp("frontend.features", TensorShape.Features(36)),
            new NormalizeOp("normalize", NormalizationMethod.ZScore, Floats(36), new(Enumerable.Repeat(0.5f, 36).ToArray())) { Range = new ValueRange(-3, 3) },
            new DenseOp("encoder.0", 36, 4, Floats(144), Floats(4)) { Range = range },
            new ActivationOp("encoder.0.relu", ActivationFunction.Relu) { Range = new ValueRange(0, 2) },
            new DenseOp("encoder.1", 4, 2, Floats(8), Floats(2)) { Range = range },
            new DenseOp("decoder.0", 2, 36, Floats(72), Floats(36)) { Range = range },
        };
        var graph = new ModelGraph(TensorShape.Features(128), new(ops.ToArray()), "encoder.1");
        return new ModelDescription(2, "front-end", ModelKind.Autoencoder, ReconstructionKind.Gaussian,
            new DataContract(2, 64, 32, 1000, new(["vibration", "current"])), graph,
            new([new Threshold("int8", "mse", 0.5, "percentile", 99, 500, 0.1, 0.01, 0.09, 0.2)]), "{}");
    }

    /// <summary>
    /// A front-end that differs per channel: 64 steps × 2 channels → branch 0 selects the vibration (frame 32, hop 16,
    /// Hann, 32-point power spectrum, 4 mel filters, dB: 3 × 4 = 12 features), branch 1 the current (frames of 16 every 16,
    /// mean and kurtosis: 4 × 2 = 8), branch 2 the raw samples of both, current first (64 × 2 = 128) → concat (148) →
    /// normalize → dense 148 → 4 + ReLU → dense 2 (the code) → dense 148, calibrated.
    /// </summary>
    internal static ModelDescription WithBranches()
    {
        var rng = new Random(8);
        EquatableArray<float> Floats(int n) => new(Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
        var range = new ValueRange(-2, 2);
        var ops = new List<Op>
        {
            new SelectOp("frontend.0.select", 2, new([0])),
            new FrameOp("frontend.0.frame", 1, 32, 16, new([4f])),
            new WindowOp("frontend.0.window", 32, WindowFunction.Hann),
            new SpectrumOp("frontend.0.spectrum", 32, Magnitude: false),
            MelOp.Build("frontend.0.mel", 17, 4, 1000, 0, 500),
            new LogOp("frontend.0.log", -80),
            new TransposeOp("frontend.0.interleave"),
            new ReshapeOp("frontend.0.features", TensorShape.Features(12)),
            new SelectOp("frontend.1.select", 2, new([1])),
            new FrameOp("frontend.1.frame", 1, 16, 16, new([0.5f])),
            new StatsOp("frontend.1.stats", new([FrameStatistic.Mean, FrameStatistic.Kurtosis]), 4, 16, Keep: false),
            new TransposeOp("frontend.1.interleave"),
            new ReshapeOp("frontend.1.features", TensorShape.Features(8)),
            new SelectOp("frontend.2.select", 2, new([1, 0])),
            new ConcatOp("frontend.concat"),
            new NormalizeOp("normalize", NormalizationMethod.ZScore, Floats(148), new(Enumerable.Repeat(0.5f, 148).ToArray())) { Range = new ValueRange(-3, 3) },
            new DenseOp("encoder.0", 148, 4, Floats(592), Floats(4)) { Range = range },
            new ActivationOp("encoder.0.relu", ActivationFunction.Relu) { Range = new ValueRange(0, 2) },
            new DenseOp("encoder.1", 4, 2, Floats(8), Floats(2)) { Range = range },
            new DenseOp("decoder.0", 2, 148, Floats(296), Floats(148)) { Range = range },
        };
        var graph = new ModelGraph(TensorShape.Features(128), new(ops.ToArray()), "encoder.1");
        return new ModelDescription(2, "branches", ModelKind.Autoencoder, ReconstructionKind.Gaussian,
            new DataContract(2, 64, 32, 1000, new(["vibration", "current"])), graph,
            new([new Threshold("int8", "mse", 0.5, "percentile", 99, 500, 0.1, 0.01, 0.09, 0.2)]), "{}");
    }
}
