using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Models;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Tests.Models;

/// <summary>Every model kind learns: its validation objective falls by a stated factor on real (motor) data.</summary>
public class TrainingConvergenceTests
{
    public static TheoryData<string, double> Kinds => new()
    {
        // kind spec, required ratio (untrained validation loss ÷ trained validation loss)
        { "ae", 2.0 },
        { "sparse-l1", 1.8 },
        { "sparse-kl", 1.5 },
        { "denoising-gaussian", 1.8 },
        { "denoising-mask", 1.5 },
        { "denoising-impulse", 1.5 },
        { "vae-gaussian", 1.05 },
        { "conv-ae", 1.8 },
        { "conv-vae", 1.05 },
    };

    internal static AutoencoderConfig Config(string spec, int width) => spec switch
    {
        "ae" => new AutoencoderConfig { Kind = ModelKind.Autoencoder, InputSize = width, Hidden = [64], Latent = 8 },
        "sparse-l1" => new AutoencoderConfig { Kind = ModelKind.Sparse, InputSize = width, Hidden = [64], Latent = 16, Sparsity = SparsityPenalty.Parse("l1:1e-3") },
        "sparse-kl" => new AutoencoderConfig { Kind = ModelKind.Sparse, InputSize = width, Hidden = [64], Latent = 16, Sparsity = SparsityPenalty.Parse("kl:0.05:0.1") },
        "denoising-gaussian" => new AutoencoderConfig { Kind = ModelKind.Denoising, InputSize = width, Hidden = [64], Latent = 8, Corruption = Corruption.Parse("gaussian:0.3") },
        "denoising-mask" => new AutoencoderConfig { Kind = ModelKind.Denoising, InputSize = width, Hidden = [64], Latent = 8, Corruption = Corruption.Parse("mask:0.2") },
        "denoising-impulse" => new AutoencoderConfig { Kind = ModelKind.Denoising, InputSize = width, Hidden = [64], Latent = 8, Corruption = Corruption.Parse("impulse:0.05") with { Low = -3, High = 3 } },
        "vae-gaussian" => new AutoencoderConfig { Kind = ModelKind.Variational, InputSize = width, Hidden = [64], Latent = 8 },
        "conv-ae" => new AutoencoderConfig { Kind = ModelKind.Autoencoder, InputSize = width, Channels = 4, Window = width / 4, Convolutions = [new(8, 5, 2), new(16, 5, 2)], Hidden = [], Latent = 8 },
        "conv-vae" => new AutoencoderConfig { Kind = ModelKind.Variational, InputSize = width, Channels = 4, Window = width / 4, Convolutions = [new(8, 5, 2)], Hidden = [32], Latent = 8 },
        _ => throw new ArgumentException(spec),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Validation_loss_falls_by_the_stated_factor(string kind, double factor)
    {
        var (train, n, val, nv, norm, width) = TestData.MotorNormalized(1024, 256);
        var run = new RunDescription("builtin:motor", new DataOptions(), Config(kind, width), new TrainOptions { Epochs = 12, BatchSize = 64, Seed = 3 }, "float32", "t");
        var session = new TrainingSession<float>(run, norm, train, n, val, nv);
        double before = session.ValidationLoss().Total;
        session.Train(SilentProgress.Instance, CancellationToken.None, null);
        double after = session.History[^1].ValidationLoss;
        Assert.True(before / after >= factor, $"{kind}: validation loss {before:G4} → {after:G4}, ratio {before / after:G3} < {factor}");
        // The training loss of the last epoch is also below the first epoch's.
        Assert.True(session.History[^1].TrainLoss < session.History[0].TrainLoss);
    }

    [Fact]
    public void Sparse_kl_penalty_pulls_mean_code_activation_towards_rho()
    {
        var (train, n, val, nv, norm, width) = TestData.MotorNormalized(1024, 256);
        var config = new AutoencoderConfig { Kind = ModelKind.Sparse, InputSize = width, Hidden = [64], Latent = 16, Sparsity = SparsityPenalty.Parse("kl:0.05:1") };
        var session = new TrainingSession<float>(new RunDescription("m", new DataOptions(), config, new TrainOptions { Epochs = 15, BatchSize = 64 }, "float32", "t"), norm, train, n, val, nv);
        session.Train(SilentProgress.Instance, CancellationToken.None, null);
        var code = session.Model.Encode(Numerics.Tensors.Tensor<float>.FromArray(nv, width, val));
        double mean = code.Span.ToArray().Average(v => (double)v);
        Assert.InRange(mean, 0.02, 0.12); // ρ = 0.05; an unpenalised sigmoid code sits near 0.5
    }
}
