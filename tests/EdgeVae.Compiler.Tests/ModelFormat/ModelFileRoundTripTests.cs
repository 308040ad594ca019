using EdgeVae.Compiler.Graph;
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
    [InlineData("\"version\": 2", "\"version\": 9", ModelFormatError.UnsupportedVersion, "format version 9 is not supported")]
    [InlineData("\"latent\": \"encoder.1\"", "\"latent\": \"encoder.7\"", ModelFormatError.Inconsistent, "\"latent\" names \"encoder.7\", which is not an op of the graph")]
    [InlineData("\"window\": 3", "\"window\": 4", ModelFormatError.Inconsistent, "data.window (4) × data.channels (2) must equal the input size (6)")]
    [InlineData("\"function\": \"tanh\"", "\"function\": \"gelu\"", ModelFormatError.Inconsistent, "unknown activation \"gelu\"")]
    [InlineData("\"kind\": \"ae\"", "\"kind\": 5", ModelFormatError.Unparsable, "\"kind\" must be a string, not a number")]
    [InlineData("\"format\": \"edgevae-model\"", "\"format\": \"onnx\"", ModelFormatError.Unparsable, "is this an EdgeVae model file?")]
    [InlineData("\"in\": 4,\n        \"out\": 2", "\"in\": 5,\n        \"out\": 2", ModelFormatError.Inconsistent, "op \"encoder.1\": \"weight\" has 8 values, expected 10")]
    [InlineData("\"op\": \"dense\",\n        \"name\": \"decoder.0\"", "\"op\": \"conv2d\",\n        \"name\": \"decoder.0\"", ModelFormatError.Inconsistent, "unknown op type \"conv2d\"; this version knows normalize, dense, conv1d")]
    [InlineData("\"name\": \"decoder.1\"", "\"name\": \"decoder.0\"", ModelFormatError.Inconsistent, "op \"decoder.0\": the name is used twice")]
    [InlineData("\"value\": 0.123456789", "\"value\": 1e39", ModelFormatError.Inconsistent, "is out of range for a float32")]
    [InlineData("\"value\": 0.123456789", "\"value\": 1e-400", ModelFormatError.Inconsistent, "too small to represent; it would silently become 0")]
    [InlineData("\"range\": [-3, 3]", "\"range\": [-1e300, 3]", ModelFormatError.Inconsistent, "is out of range for a float32")]
    [InlineData("\"training\": {", "\"training\": [], \"x\": {", ModelFormatError.Unparsable, "\"training\" must be an object, not a array")]
    public void Inconsistent_files_are_rejected_with_a_reason_and_a_position(string from, string to, ModelFormatError error, string reason)
    {
        string valid = ModelFileWriter.Write(SmallModels.Small());
        Assert.Contains(from, valid);
        string text = valid.Replace(from, to);
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text));
        Assert.Equal(error, e.Error);
        Assert.Contains(reason, e.Reason);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void An_unknown_member_of_an_op_is_refused_and_inputs_are_explained()
    {
        string valid = ModelFileWriter.Write(SmallModels.Small());
        var typo = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(valid.Replace("\"function\": \"tanh\"", "\"function\": \"tanh\", \"functon\": 1")));
        Assert.Contains("op \"decoder.0.tanh\" has an unknown member \"functon\"", typo.Reason);
        var inputs = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(valid.Replace("\"function\": \"tanh\"", "\"function\": \"tanh\", \"inputs\": [\"x\"]")));
        Assert.Contains("this version takes no \"inputs\"", inputs.Reason);
    }

    [Fact]
    public void Non_finite_weights_are_rejected()
    {
        var m = SmallModels.Small();
        var bad = m.WithOp("encoder.0", op =>
        {
            var d = (DenseOp)op;
            var w = d.Weight.AsArray().ToArray();
            w[5] = float.NaN;
            return d with { Weight = new(w) };
        });
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelFileWriter.Write(bad)));
        Assert.Contains("\"weight\"[5] is NaN", e.Reason);
    }

    [Fact]
    public void Graph_rules_name_the_op_that_breaks_them()
    {
        var m = SmallModels.Small();
        // A VAE's code must come from its Gaussian head.
        var vae = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelFileWriter.Write(m with { Kind = ModelKind.Variational })));
        Assert.Contains("a VAE's latent op must be its gaussian_head", vae.Reason);
        // A Bernoulli decoder ends in a sigmoid.
        var bernoulli = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelFileWriter.Write(m with { Reconstruction = ReconstructionKind.Bernoulli })));
        Assert.Contains("op \"decoder.1\": a Bernoulli decoder must end with a sigmoid", bernoulli.Reason);
        // A convolution needs [channels × length].
        var conv = m.WithOp("encoder.0", _ => new Conv1DOp("encoder.0", 2, 4, 3, 1, 1, 1, 1, new(new float[24]), new(new float[4])));
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelFileWriter.Write(conv)));
        Assert.Contains("op \"encoder.0\": takes [channels × length] but gets [6]; reshape the window to [length × channels] and transpose it", e.Reason);
        // Shapes that do not chain.
        var chain = m.WithOp("encoder.1", _ => new DenseOp("encoder.1", 5, 2, EquatableArray<float>.Empty, EquatableArray<float>.Empty));
        var g = Assert.Throws<GraphException>(() => chain.Graph.Validate(chain.Kind, chain.Reconstruction));
        Assert.Equal("op \"encoder.1\": takes 5 inputs but the previous op gives 4", g.Message);
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
