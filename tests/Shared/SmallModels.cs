using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Tests.Shared;

/// <summary>A small model with every member set, for tests of the format, the emitters and the generator.</summary>
internal static class SmallModels
{
    internal static ModelDescription Small(ModelKind kind = ModelKind.Autoencoder)
    {
        var rng = new Random(4);
        float[] Floats(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        int latentOut = kind == ModelKind.Variational ? 4 : 2;
        DenseLayer Layer(string name, LayerRole role, int i, int o, ActivationFunction a) =>
            new(name, role, i, o, a, new(Floats(i * o)), new(Floats(o)), new ValueRange(-1.5f, 2.25f), new ValueRange(0, 2.25f));
        return new ModelDescription(1, "motor \"test\"", kind, 6, 2,
            new InputLayout(2, 3, new(["x", "y"])), ReconstructionKind.Gaussian,
            new Normalization(NormalizationMethod.ZScore, new(Floats(6)), new(Enumerable.Repeat(2f, 6).ToArray())),
            new([Layer("encoder.0", LayerRole.Encoder, 6, 4, ActivationFunction.Relu), Layer("encoder.1", LayerRole.Encoder, 4, latentOut, ActivationFunction.Identity),
                 Layer("decoder.0", LayerRole.Decoder, 2, 4, ActivationFunction.Tanh), Layer("decoder.1", LayerRole.Decoder, 4, 6, ActivationFunction.Identity)]),
            new ValueRange(-3, 3),
            new([new Threshold("float32", "mse", 0.123456789, "percentile", 99, 500, 0.1, 0.01, 0.09, 0.2)]),
            "{\"data\":\"builtin:motor\",\"seed\":\"1\"}");
    }
}
