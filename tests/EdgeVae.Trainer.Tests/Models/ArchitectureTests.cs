using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.Tests.Models;

/// <summary>The graphs the architecture options describe: names, shapes, the mirrored decoder, and what cannot be built.</summary>
public class ArchitectureTests
{
    [Fact]
    public void A_dense_architecture_is_the_graph_a_version_1_file_upgrades_to()
    {
        var g = Architecture.Build(new AutoencoderConfig { InputSize = 256, Hidden = [64], Latent = 8 });
        Assert.Equal(["normalize", "encoder.0", "encoder.0.relu", "encoder.1", "decoder.0", "decoder.0.relu", "decoder.1"], g.Ops.Select(o => o.Name));
        Assert.Equal("encoder.1", g.Latent);
        var vae = Architecture.Build(new AutoencoderConfig { Kind = ModelKind.Variational, Reconstruction = ReconstructionKind.Bernoulli, InputSize = 10, Hidden = [6], Latent = 2 });
        Assert.Equal(["normalize", "encoder.0", "encoder.0.relu", "encoder.1", "encoder.1.gaussian", "decoder.0", "decoder.0.relu", "decoder.1", "decoder.1.sigmoid"], vae.Ops.Select(o => o.Name));
        Assert.Equal(TensorShape.Features(4), vae.Shapes()[3]); // μ and log σ²
    }

    [Fact]
    public void A_convolutional_architecture_transposes_the_window_and_mirrors_itself_with_upsampling()
    {
        var c = new AutoencoderConfig { InputSize = 256, Channels = 4, Window = 64, Convolutions = [new(16, 5, 2), new(32, 5, 2)], Hidden = [], Latent = 8 };
        var g = Architecture.Build(c);
        var shapes = g.Shapes();
        string Shape(string op) => shapes[g.IndexOf(op)].ToString();
        Assert.Equal("[64 × 4]", Shape("window"));
        Assert.Equal("[4 × 64]", Shape("channels_first"));
        Assert.Equal("[16 × 32]", Shape("encoder.0"));
        Assert.Equal("[32 × 16]", Shape("encoder.1"));
        Assert.Equal("[512]", Shape("flatten"));
        Assert.Equal("[8]", Shape("encoder.2"));
        Assert.Equal("[32 × 32]", Shape("decoder.1.upsample"));
        Assert.Equal("[16 × 32]", Shape("decoder.1"));
        Assert.Equal("[4 × 64]", Shape("decoder.2"));
        Assert.Equal("[256]", Shape("interleave"));
        var first = (Conv1DOp)g[g.IndexOf("encoder.0")];
        Assert.Equal((1, 2), (first.PaddingLeft, first.PaddingRight)); // TensorFlow's "same" for stride 2: the extra frame on the right
        var last = (Conv1DOp)g[g.IndexOf("decoder.2")];
        Assert.Equal((4, 16, 1), (last.OutChannels, last.InChannels, last.Stride));
        Assert.Equal(ActivationFunction.Relu, ((ActivationOp)g[g.IndexOf("decoder.1.relu")]).Function);
        Assert.Equal(-1, g.IndexOf("decoder.2.relu")); // the output layer has no activation
        Assert.Equal(10_240L + 40_960 + 4_096 + 4_096 + 81_920 + 20_480, g.Macs());
    }

    [Theory]
    [InlineData("conv:16:5:2,dense:64", 1, 16, 64)]
    [InlineData("dense:32,dense:16", 0, 0, 32)]
    [InlineData("conv:8:3:1:2", 1, 8, -1)]
    public void The_encoder_option_parses_convolutions_then_dense_layers(string text, int convs, int firstChannels, int firstDense)
    {
        var (c, d) = AutoencoderConfig.ParseEncoder(text);
        Assert.Equal(convs, c.Length);
        if (convs > 0) Assert.Equal(firstChannels, c[0].Channels);
        if (firstDense > 0) Assert.Equal(firstDense, d[0]);
        Assert.Equal(text, new AutoencoderConfig { Convolutions = c, Hidden = d }.EncoderSpec);
    }

    [Theory]
    [InlineData("dense:64,conv:16:5:2", "convolutions come before the dense layers")]
    [InlineData("conv:16:5", "neither conv:CHANNELS:KERNEL:STRIDE[:DILATION] nor dense:WIDTH")]
    [InlineData("conv:16:0:2", "neither conv:CHANNELS:KERNEL:STRIDE[:DILATION] nor dense:WIDTH")]
    [InlineData("lstm:8", "neither conv")]
    public void A_bad_encoder_option_says_what_it_expected(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => AutoencoderConfig.ParseEncoder(text)).Message);

    [Fact]
    public void Architectures_that_cannot_be_built_are_refused_with_the_reason()
    {
        var table = new AutoencoderConfig { InputSize = 12, Channels = 1, Window = 0, Convolutions = [new(4, 3, 1)], Hidden = [], Latent = 2 };
        Assert.Contains("needs time windows", Assert.Throws<ArgumentException>(() => Architecture.Build(table)).Message);
        var odd = new AutoencoderConfig { InputSize = 200, Channels = 4, Window = 50, Convolutions = [new(8, 5, 2), new(8, 5, 2)], Hidden = [], Latent = 2 };
        Assert.Contains("conv:8:5:2 gets 25 frames, not a multiple of its stride 2", Assert.Throws<ArgumentException>(() => Architecture.Build(odd)).Message);
    }
}
