using System.Globalization;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.Emitters
{
    /// <summary>Which threshold the generated code compares with: the precision's own, else the float32 one (with a warning), else none.</summary>
    internal static class Thresholds
    {
        /// <summary>The value, the score it applies to, and a note when it is not the precision's own ("none", or "PRECISION:VALUE").</summary>
        public static (double Value, string Score, string? Note) Choose(ModelDescription model, string precision)
        {
            var t = model.ThresholdFor(precision);
            if (t != null) return (t.Value, t.Score, null);
            var fallback = model.ThresholdFor("float32") ?? (model.Thresholds.Count > 0 ? model.Thresholds[0] : null);
            if (fallback == null) return (float.MaxValue, "mse", "none");
            return (fallback.Value, fallback.Score, fallback.Precision + ":" + fallback.Value.ToString("G6", CultureInfo.InvariantCulture));
        }

        /// <summary>The standardization of the threshold <see cref="Choose"/> picks, or null when its score is not "standardized".</summary>
        public static ResidualStandardization? Standardization(ModelDescription model, string precision) =>
            (model.ThresholdFor(precision) ?? model.ThresholdFor("float32") ?? (model.Thresholds.Count > 0 ? model.Thresholds[0] : null))?.Standardization;

        /// <summary>
        /// Refuses a threshold on a score this flavor cannot compute (−ELBO exists in int8 code only), instead of comparing
        /// another score with it.
        /// </summary>
        public static void CheckComputable(string score, bool hasNegativeElbo, string precision)
        {
            if (score == "neg_elbo" && !hasNegativeElbo)
                throw new Quantization.QuantizationException("the model's threshold applies to −ELBO, which " + precision + " code does not compute (int8 VAEs do, from tables): emit int8, or calibrate the "
                    + precision + " threshold on another score (edgevae calibrate --precision " + precision + " --score mse|standardized)");
        }

        public static string KindText(ModelKind k) => k switch
        {
            ModelKind.Autoencoder => "autoencoder",
            ModelKind.Sparse => "sparse autoencoder",
            ModelKind.Denoising => "denoising autoencoder",
            _ => "variational autoencoder",
        };
    }
}
