using EdgeVae.Generator.Model;
using EdgeVae.Generator.ModelFormat;

namespace EdgeVae.Generator.Tests.ModelFormat;

public class ModelFileRoundTripTests
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

    [Theory]
    [InlineData(ModelKind.Autoencoder)]
    [InlineData(ModelKind.Variational)]
    public void Write_then_read_gives_the_same_description(ModelKind kind)
    {
        var model = Small(kind);
        string text = ModelFileWriter.Write(model);
        var back = ModelFileReader.Read(text);
        Assert.Equal(model, back);
        Assert.Equal(text, ModelFileWriter.Write(back));
    }

    [Theory]
    [InlineData("\"version\": 1", "\"version\": 2", ModelFormatError.UnsupportedVersion, "format version 2 is not supported")]
    [InlineData("\"latent\": 2", "\"latent\": 3", ModelFormatError.Inconsistent, "the encoder ends with width 2 but the latent size is 3")]
    [InlineData("\"size\": 6", "\"size\": 7", ModelFormatError.Inconsistent, "input.window (3) × input.channels (2) must equal input.size (7)")]
    [InlineData("\"activation\": \"relu\"", "\"activation\": \"gelu\"", ModelFormatError.Inconsistent, "unknown activation \"gelu\"")]
    [InlineData("\"kind\": \"ae\"", "\"kind\": 5", ModelFormatError.Unparsable, "\"kind\" must be a string, not a number")]
    [InlineData("\"format\": \"edgevae-model\"", "\"format\": \"onnx\"", ModelFormatError.Unparsable, "is this an EdgeVae model file?")]
    public void Inconsistent_files_are_rejected_with_a_reason_and_a_position(string from, string to, ModelFormatError error, string reason)
    {
        string text = ModelFileWriter.Write(Small()).Replace(from, to);
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text));
        Assert.Equal(error, e.Error);
        Assert.Contains(reason, e.Reason);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void Non_finite_weights_are_rejected()
    {
        var m = Small();
        var w = m.Layers[0].Weight.AsArray().ToArray();
        w[5] = float.NaN;
        var bad = m with { Layers = new([m.Layers[0] with { Weight = new(w) }, .. m.Layers.Skip(1)]) };
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelFileWriter.Write(bad)));
        Assert.Contains("weight[5] is NaN", e.Reason);
    }

    [Fact]
    public void Truncated_and_oversized_files_are_rejected()
    {
        string text = ModelFileWriter.Write(Small());
        for (int cut = 0; cut < text.Length - 2; cut += 37)
            Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text.Substring(0, cut)));
        var big = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text, maxChars: 100));
        Assert.Equal(ModelFormatError.TooLarge, big.Error);
        var deep = new string('[', 100) + new string(']', 100);
        Assert.Contains("nesting deeper than 32", Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(deep)).Reason);
    }
}
