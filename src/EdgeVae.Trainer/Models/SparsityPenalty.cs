using System.Globalization;

namespace EdgeVae.Trainer.Models;

public enum SparsityKind
{
    /// <summary>λ·Σ_j |z_j| per sample, averaged over the batch.</summary>
    L1,

    /// <summary>w·Σ_j KL(ρ ‖ ρ̂_j) with ρ̂_j the batch-mean activation of sigmoid code unit j.</summary>
    KlDivergence,
}

/// <summary>The sparse autoencoder's penalty on the code, parsed from <c>l1:WEIGHT</c> or <c>kl:RHO:WEIGHT</c>.</summary>
public sealed record SparsityPenalty(SparsityKind Kind, double Weight, double Rho = 0.05)
{
    public static SparsityPenalty Parse(string text)
    {
        string[] p = text.Split(':');
        bool Num(string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
        if (p.Length == 2 && p[0] == "l1" && Num(p[1], out double w) && w >= 0) return new SparsityPenalty(SparsityKind.L1, w);
        if (p.Length == 3 && p[0] == "kl" && Num(p[1], out double rho) && Num(p[2], out double kw) && rho > 0 && rho < 1 && kw >= 0)
            return new SparsityPenalty(SparsityKind.KlDivergence, kw, rho);
        throw new ArgumentException($"--sparsity \"{text}\": use l1:WEIGHT (e.g. l1:1e-3) or kl:RHO:WEIGHT with 0 < RHO < 1 (e.g. kl:0.05:3).");
    }

    public override string ToString() => Kind == SparsityKind.L1
        ? FormattableString.Invariant($"l1:{Weight}")
        : FormattableString.Invariant($"kl:{Rho}:{Weight}");
}
