using EdgeVae.Contract;

namespace EdgeVae.Runtime.Scoring;

/// <summary>
/// A VAE's −ELBO of one window in nats at z = μ, from int8 codes and the quantizer's tables:
/// −log p(x|μ) + KL(q(z|x) ‖ N(0, I)), with KL = ½ Σ_j (μ_j² + e^(log σ²_j) − 1 − log σ²_j). The float operations and their
/// order are the numerical contract's, shared by the generated code and the trainer's simulation.
/// </summary>
public static class NegativeElbo
{
    /// <summary>The KL term from the encoder's codes [μ | log σ²] (2 × latent) and e^(log σ²) per code.</summary>
    public static float KlInt8(ReadOnlySpan<sbyte> code, float latentScale, int latentZeroPoint, ReadOnlySpan<float> expTable)
    {
        if (code.Length % 2 != 0 || expTable.Length != 256) throw new ArgumentException("NegativeElbo: the code holds μ and log σ² (2 × latent) and the table 256 entries.");
        int latent = code.Length / 2;
        float kl = 0;
        for (int j = 0; j < latent; j++)
        {
            float mu = latentScale * (code[j] - latentZeroPoint);
            int qv = code[latent + j];
            float lv = latentScale * (qv - latentZeroPoint);
            kl += mu * mu + expTable[qv + 128] - 1f - lv;
        }
        return kl * 0.5f;
    }

    /// <summary>−ELBO with a unit-variance Gaussian decoder: ½ Σ (x̂ − x)² + ½ ln 2π per feature, plus the KL term.</summary>
    public static float GaussianInt8(ReadOnlySpan<sbyte> code, float latentScale, int latentZeroPoint, ReadOnlySpan<float> expTable,
        ReadOnlySpan<sbyte> output, float outputScale, int outputZeroPoint, ReadOnlySpan<float> normalized)
    {
        float kl = KlInt8(code, latentScale, latentZeroPoint, expTable);
        if (output.Length != normalized.Length) throw new ArgumentException("NegativeElbo: one output code per feature.");
        float recon = 0;
        for (int i = 0; i < output.Length; i++)
        {
            float d = outputScale * (output[i] - outputZeroPoint) - normalized[i];
            recon += 0.5f * d * d;
        }
        // A run-time product, rounded once, as every target rounds it.
        int features = output.Length;
        recon += 0.918938533f * features;
        return recon + kl;
    }

    /// <summary>−ELBO with a Bernoulli decoder: Σ softplus(z) − z·x over the logits z (x clamped to [0, 1]), plus the KL term.</summary>
    public static float BernoulliInt8(ReadOnlySpan<sbyte> code, float latentScale, int latentZeroPoint, ReadOnlySpan<float> expTable,
        ReadOnlySpan<sbyte> logits, float logitScale, int logitZeroPoint, ReadOnlySpan<float> softplusTable, ReadOnlySpan<float> normalized)
    {
        float kl = KlInt8(code, latentScale, latentZeroPoint, expTable);
        if (logits.Length != normalized.Length || softplusTable.Length != 256) throw new ArgumentException("NegativeElbo: one logit code per feature and a 256-entry softplus table.");
        float recon = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            float xn = normalized[i];
            float t = xn < 0f ? 0f : xn > 1f ? 1f : xn;
            float z = logitScale * (logits[i] - logitZeroPoint);
            recon += softplusTable[logits[i] + 128] - z * t;
        }
        return recon + kl;
    }
}
