using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

using EdgeVae.Tests.Shared;

namespace EdgeVae.Compiler.Tests.ModelFormat;

public class ModelFileRoundTripTests
{
    [Theory]
    [InlineData(ModelKind.Autoencoder)]
    [InlineData(ModelKind.Variational)]
    public void Write_then_read_gives_the_same_description(ModelKind kind)
    {
        var model = SmallModels.Small(kind);
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
        string text = ModelFileWriter.Write(SmallModels.Small()).Replace(from, to);
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text));
        Assert.Equal(error, e.Error);
        Assert.Contains(reason, e.Reason);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void Non_finite_weights_are_rejected()
    {
        var m = SmallModels.Small();
        var w = m.Layers[0].Weight.AsArray().ToArray();
        w[5] = float.NaN;
        var bad = m with { Layers = new([m.Layers[0] with { Weight = new(w) }, .. m.Layers.Skip(1)]) };
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelFileWriter.Write(bad)));
        Assert.Contains("weight[5] is NaN", e.Reason);
    }

    [Fact]
    public void Truncated_and_oversized_files_are_rejected()
    {
        string text = ModelFileWriter.Write(SmallModels.Small());
        for (int cut = 0; cut < text.Length - 2; cut += 37)
            Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text.Substring(0, cut)));
        var big = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text, maxChars: 100));
        Assert.Equal(ModelFormatError.TooLarge, big.Error);
        var deep = new string('[', 100) + new string(']', 100);
        Assert.Contains("nesting deeper than 32", Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(deep)).Reason);
    }
}
