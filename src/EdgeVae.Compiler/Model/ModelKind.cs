namespace EdgeVae.Compiler.Model
{
    /// <summary>The autoencoder family member a model file holds.</summary>
    public enum ModelKind
    {
        /// <summary>Plain autoencoder, MSE loss ("ae").</summary>
        Autoencoder,

        /// <summary>Autoencoder with an L1 or KL sparsity penalty on the code ("sparse").</summary>
        Sparse,

        /// <summary>Autoencoder trained to reconstruct clean inputs from corrupted ones ("denoising").</summary>
        Denoising,

        /// <summary>Variational autoencoder: a Gaussian head gives μ and log σ² ("vae").</summary>
        Variational,
    }

    /// <summary>How a decoder output is compared with its input.</summary>
    public enum ReconstructionKind
    {
        /// <summary>Gaussian likelihood with unit variance: squared error; the decoder output is the mean.</summary>
        Gaussian,

        /// <summary>Bernoulli likelihood: the decoder's last op is a sigmoid whose input is the logits.</summary>
        Bernoulli,
    }
}
