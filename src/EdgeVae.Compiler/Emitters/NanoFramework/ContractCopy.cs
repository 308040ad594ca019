using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.NanoFramework
{
    /// <summary>
    /// The numerical contract written out for the nanoFramework flavor, whose code is self-contained (no EdgeVae.Runtime,
    /// no EdgeVae.Contract): denormalisation, the score in the contract's order, the VAE's −ELBO,
    /// and TensorFlow Lite's fixed-point primitives. The same operations in the same order as EdgeVae.Contract and the
    /// runtime's scoring kernels; the bit-exact tests hold this copy to them.
    /// </summary>
    internal static class ContractCopy
    {
        /// <summary>output[i] = decoded value / scale + offset, in sensor units (needs locals <c>offset</c> and <c>scale</c>).</summary>
        public static void DenormalizeLoop(IndentedWriter w, bool quantized) => w.Line(quantized
            ? "for (int i = 0; i < FeatureLength; i++) output[i] = OutputScale * (decoded[i] - OutputZeroPoint) / scale[i] + offset[i];"
            : "for (int i = 0; i < FeatureLength; i++) output[i] = decoded[i] / scale[i] + offset[i];");

        /// <summary>
        /// The mean squared error (standardised: of (r − ResidualMean[i]) · ResidualWeight[i], as EdgeVae.Runtime's
        /// <c>StandardizedError</c>), with per-channel shares when <c>perChannel</c> (a local) is set (feature i's channel
        /// i mod Channels, or with <paramref name="mapped"/> FeatureChannel[i]). The sum runs in eight
        /// partial sums (feature i into partial i mod 8), joined as ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7)):
        /// the order of an 8-wide vector reduction, so this scalar loop and EdgeVae.Runtime's vectorised
        /// <c>ReconstructionError.MeanSquared</c> give the same float.
        /// </summary>
        public static void ScoreLoop(IndentedWriter w, bool quantized, bool standardized, bool mapped)
        {
            w.Line("float p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;");
            w.Open("for (int i = 0; i < FeatureLength; i++)");
            string residual = quantized ? "OutputScale * (output[i] - OutputZeroPoint) - normalized[i]" : "output[i] - normalized[i]";
            // Standardised: (r − mean) · weight, in StandardizedError's order.
            w.Line(standardized ? "float d = (" + residual + " - ResidualMean[i]) * ResidualWeight[i];" : "float d = " + residual + ";");
            w.Line("float e = d * d;");
            w.Open("switch (i & 7)");
            for (int l = 0; l < 8; l++) w.Line("case " + l + ": p" + l + " += e; break;");
            w.Close();
            // A front-end whose branches differ per channel names each feature's channel in a table.
            w.Line("if (perChannel) channelErrors[" + (mapped ? "FeatureChannel[i]" : "i % Channels") + "] += e;");
            w.Close();
            w.Line("if (perChannel) for (int c = 0; c < Channels; c++) channelErrors[c] /= FeatureLength;");
            w.Line("return (((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7))) / FeatureLength;");
        }

        /// <summary>
        /// −log p(x | μ) + KL(q(z|x) ‖ N(0, I)) from tables, given the names of the buffers <c>Infer</c> filled: the
        /// normalised input, the code [μ | log σ²], the output codes and the last layer's pre-activation codes.
        /// </summary>
        public static void NegativeElboBody(IndentedWriter w, bool bernoulli, string normalized, string code, string output, string logits)
        {
            w.Line("float kl = 0;");
            w.Open("for (int j = 0; j < LatentLength; j++)");
            w.Line("float mu = LatentScale * (" + code + "[j] - LatentZeroPoint);");
            w.Line("int qv = " + code + "[LatentLength + j];");
            w.Line("float lv = LatentScale * (qv - LatentZeroPoint);");
            w.Line("kl += mu * mu + ExpTable[qv + 128] - 1f - lv;");
            w.Close();
            w.Line("kl *= 0.5f;");
            w.Line("float recon = 0;");
            w.Open("for (int i = 0; i < FeatureLength; i++)");
            if (bernoulli)
            {
                w.Line("float xn = " + normalized + "[i];");
                w.Line("float t = xn < 0f ? 0f : xn > 1f ? 1f : xn;");
                w.Line("float z = LogitScale * (" + logits + "[i] - LogitZeroPoint);");
                w.Line("recon += SoftplusTable[" + logits + "[i] + 128] - z * t;");
                w.Close();
            }
            else
            {
                w.Line("float d = OutputScale * (" + output + "[i] - OutputZeroPoint) - " + normalized + "[i];");
                w.Line("recon += 0.5f * d * d;");
                w.Close();
                // A local, not a constant expression: the product is rounded once at run time, as the trainer rounds it.
                w.Line("int features = FeatureLength;");
                w.Line("recon += 0.918938533f * features;");
            }
            w.Line("return recon + kl;");
        }

        /// <summary>
        /// TensorFlow Lite's fixed-point primitives, as EdgeVae.Contract.FixedPoint (called once per output, not per MAC);
        /// with <paramref name="wide"/>, the int16 scheme's overload for a 64-bit sum, saturated to int32 first.
        /// </summary>
        public static void FixedPoint(IndentedWriter w, bool wide)
        {
            if (wide)
            {
                w.Open("private static int MultiplyByQuantizedMultiplier(long x, int mantissa, int shift)");
                w.Line("return MultiplyByQuantizedMultiplier(x > int.MaxValue ? int.MaxValue : x < int.MinValue ? int.MinValue : (int)x, mantissa, shift);");
                w.Close();
                w.Line();
            }
            w.Open("private static int MultiplyByQuantizedMultiplier(int x, int mantissa, int shift)");
            w.Line("int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;");
            w.Line("int a = x * (1 << left);");
            w.Line("int high;");
            w.Line("if (a == int.MinValue && mantissa == int.MinValue) high = int.MaxValue;");
            w.Open("else");
            w.Line("long ab = (long)a * mantissa;");
            w.Line("long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);");
            w.Line("high = (int)((ab + nudge) / (1L << 31));");
            w.Close();
            w.Line("int mask = (1 << right) - 1;");
            w.Line("int remainder = high & mask;");
            w.Line("int threshold = (mask >> 1) + (high < 0 ? 1 : 0);");
            w.Line("return (high >> right) + (remainder > threshold ? 1 : 0);");
            w.Close();
            w.Line();
            w.Open("private static int RoundHalfAwayFromZero(float v)");
            // NaN first, with the native double.IsNaN: nanoCLR's comparisons with NaN differ from .NET's (NaN >= x is
            // true there), so the comparisons below would turn NaN into the largest code instead of the contract's 0.
            w.Line("if (double.IsNaN(v)) return 0;");
            w.Line("if (v >= 1073741824f) return 1073741824;");
            w.Line("if (v <= -1073741824f) return -1073741824;");
            w.Line("return v >= 0 ? (int)(v + 0.5f) : -(int)(-v + 0.5f);");
            w.Close();
        }

        /// <summary>The latent sampler, as EdgeVae.Contract.LatentSampler: xorshift32 and the Irwin–Hall sum of twelve uniforms.</summary>
        public static void NextGaussian(IndentedWriter w, string target)
        {
            w.Line("float sum = 0;");
            w.Open("for (int i = 0; i < 12; i++)");
            w.Line("state ^= state << 13;");
            w.Line("state ^= state >> 17;");
            w.Line("state ^= state << 5;");
            w.Line("sum += (state >> 8) * (1f / 16777216f);");
            w.Close();
            w.Line(target + " = sum - 6f;");
        }
    }
}
