using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Quantization.Rules
{
    /// <summary>
    /// The VAE's −ELBO on int8 codes: e^(log σ²) for the KL term and softplus of the decoder's logits for −log p(x|z),
    /// one entry per int8 code (int16 models evaluate −ELBO nowhere but in float).
    /// </summary>
    internal static class VaeTables
    {
        public static QuantizedModel Add(QuantizedModel q)
        {
            if (!q.IsVariational || q.Precision != QuantizedPrecision.Int8) return q;
            var code = q.Latent;
            var exp = new float[256];
            for (int v = -128; v < 128; v++) exp[v + 128] = (float)System.Math.Exp(code.Dequantize(v));
            // A latent range reaching past log σ² ≈ 88.7 makes e^(log σ²) overflow float32: no trained VAE head gets there,
            // so such a range is a damaged or hand-made file, refused rather than turned into an infinite −ELBO.
            if (float.IsInfinity(exp[255]) || float.IsNaN(exp[255]))
                throw new QuantizationException("the latent code's range (up to " + code.Dequantize(127).ToString("G6", System.Globalization.CultureInfo.InvariantCulture) +
                    ") makes e^(log σ²) overflow float32 above log σ² = 88.7; no trained VAE's log-variance gets there: recalibrate the model (edgevae calibrate) or correct the range");
            var softplus = new float[0];
            if (q.Source.Reconstruction == ReconstructionKind.Bernoulli)
            {
                var logits = q.Logits;
                softplus = new float[256];
                for (int v = -128; v < 128; v++) softplus[v + 128] = (float)ActivationMath.Softplus(logits.Dequantize(v));
            }
            return q with { ExpTable = new EquatableArray<float>(exp), SoftplusTable = new EquatableArray<float>(softplus) };
        }
    }
}
