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

        /// <summary>Variational autoencoder: the encoder's last layer gives μ and log σ² side by side ("vae").</summary>
        Variational,
    }

    /// <summary>How a decoder output is compared with its input.</summary>
    public enum ReconstructionKind
    {
        /// <summary>Gaussian likelihood with unit variance: squared error; the decoder output is the mean.</summary>
        Gaussian,

        /// <summary>Bernoulli likelihood: the decoder's last layer gives logits, its output is σ(logits).</summary>
        Bernoulli,
    }

    /// <summary>Which half of the network a layer belongs to.</summary>
    public enum LayerRole
    {
        Encoder,
        Decoder,
    }

    /// <summary>How raw inputs are mapped to the network's units: x' = (x − offset) · scale.</summary>
    public enum NormalizationMethod
    {
        None,
        MinMax,
        ZScore,
    }
}
