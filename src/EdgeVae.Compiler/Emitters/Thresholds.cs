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

        public static string KindText(ModelKind k) => k switch
        {
            ModelKind.Autoencoder => "autoencoder",
            ModelKind.Sparse => "sparse autoencoder",
            ModelKind.Denoising => "denoising autoencoder",
            _ => "variational autoencoder",
        };
    }
}
