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
}
