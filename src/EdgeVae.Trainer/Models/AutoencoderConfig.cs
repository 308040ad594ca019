using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Activations;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.Models;

/// <summary>The architecture and objective of one autoencoder (what <c>edgevae train</c>'s model options describe).</summary>
public sealed record AutoencoderConfig
{
    public ModelKind Kind { get; init; } = ModelKind.Autoencoder;

    public int InputSize { get; init; }

    /// <summary>Encoder hidden widths, input side first; the decoder mirrors them.</summary>
    public int[] Hidden { get; init; } = [256, 64];

    public int Latent { get; init; } = 16;

    /// <summary>The hidden layers' nonlinearity.</summary>
    public ActivationFunction Activation { get; init; } = ActivationFunction.Relu;

    /// <summary>The VAE's decoder likelihood; the other kinds use squared error (Gaussian).</summary>
    public ReconstructionKind Reconstruction { get; init; } = ReconstructionKind.Gaussian;

    /// <summary>Sparse AE only.</summary>
    public SparsityPenalty? Sparsity { get; init; }

    /// <summary>Denoising AE only.</summary>
    public Corruption? Corruption { get; init; }

    /// <summary>VAE: weight of the KL term (β-VAE); 1 is the ELBO.</summary>
    public double Beta { get; init; } = 1;

    /// <summary>VAE: epochs over which the KL weight rises linearly from 0 to β (0 = no warm-up).</summary>
    public int KlWarmupEpochs { get; init; }

    /// <summary>The code layer's nonlinearity: sigmoid for the KL sparsity penalty (ρ̂ must be a probability), ReLU for L1, else identity.</summary>
    public ActivationFunction CodeActivation => Kind == ModelKind.Sparse
        ? Sparsity?.Kind == SparsityKind.KlDivergence ? ActivationFunction.Sigmoid : ActivationFunction.Relu
        : ActivationFunction.Identity;

    /// <summary>The decoder's output nonlinearity: sigmoid for Bernoulli (training sees the logits), else identity.</summary>
    public ActivationFunction OutputActivation => Reconstruction == ReconstructionKind.Bernoulli ? ActivationFunction.Sigmoid : ActivationFunction.Identity;

    public void Validate()
    {
        if (InputSize <= 0) throw new ArgumentException("The input size must be positive.");
        if (Latent <= 0) throw new ArgumentException($"--latent must be positive (got {Latent}).");
        if (Hidden.Any(h => h <= 0)) throw new ArgumentException($"--hidden widths must be positive (got {string.Join(',', Hidden)}).");
        if (Kind == ModelKind.Sparse && Sparsity is null) throw new ArgumentException("A sparse autoencoder needs --sparsity l1:WEIGHT or kl:RHO:WEIGHT.");
        if (Kind == ModelKind.Denoising && Corruption is null) throw new ArgumentException("A denoising autoencoder needs --noise gaussian:STD, mask:P or impulse:P.");
        if (Kind != ModelKind.Variational && Reconstruction == ReconstructionKind.Bernoulli)
            throw new ArgumentException("--reconstruction bernoulli is for --kind vae; the other autoencoders use squared error.");
        if (!(Beta >= 0) || double.IsInfinity(Beta)) throw new ArgumentException($"--beta must be a finite number ≥ 0 (got {Beta}).");
        if (KlWarmupEpochs < 0) throw new ArgumentException("--kl-warmup must be ≥ 0 epochs.");
    }
}
