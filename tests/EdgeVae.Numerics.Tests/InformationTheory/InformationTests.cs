using EdgeVae.Numerics.InformationTheory;
using EdgeVae.Numerics.Precision;

namespace EdgeVae.Numerics.Tests.InformationTheory;

public class InformationTests
{
    private static readonly double[] P = [0.5, 0.25, 0.25];
    private static readonly double[] Q = [0.25, 0.25, 0.5];

    [Fact]
    public void Entropy_of_hand_computed_distributions()
    {
        // H(½, ¼, ¼) = ½·1 + ¼·2 + ¼·2 = 1.5 bits.
        Assert.Equal(1.5, Information.Entropy<double>(P, LogBase.Bits), 15);
        Assert.Equal(1.5 * Math.Log(2), Information.Entropy<double>(P), 15);
        Assert.Equal(2.0, Information.Entropy<double>([0.25, 0.25, 0.25, 0.25], LogBase.Bits), 15);
        // A certain outcome carries no information; 0·log 0 = 0.
        Assert.Equal(0.0, Information.Entropy<double>([1.0, 0.0]));
    }

    [Fact]
    public void Cross_entropy_and_kl_of_hand_computed_distributions()
    {
        // H(p, q) = ½·2 + ¼·2 + ¼·1 = 1.75 bits; D(p‖q) = H(p, q) − H(p) = 0.25 bits.
        Assert.Equal(1.75, Information.CrossEntropy<double>(P, Q, LogBase.Bits), 15);
        Assert.Equal(0.25, Information.KlDivergence<double>(P, Q, LogBase.Bits), 15);
        Assert.Equal(0.25 * Math.Log(2), Information.KlDivergence<double>(P, Q), 15);
        // KL is asymmetric: D(r‖s) = 0.9·ln 1.8 + 0.1·ln 0.2, D(s‖r) = 0.5·ln(5/9) + 0.5·ln 5.
        double[] r = [0.9, 0.1];
        double[] s = [0.5, 0.5];
        Assert.Equal(0.9 * Math.Log(1.8) + 0.1 * Math.Log(0.2), Information.KlDivergence<double>(r, s), 15);
        Assert.Equal(0.5 * Math.Log(5.0 / 9) + 0.5 * Math.Log(5), Information.KlDivergence<double>(s, r), 15);
        Assert.Equal(0.0, Information.KlDivergence<double>(P, P));
    }

    [Fact]
    public void Zero_probabilities_follow_the_conventions()
    {
        // p = 0 contributes nothing even where q = 0.
        Assert.Equal(Math.Log(2), Information.KlDivergence<double>([1.0, 0.0], [0.5, 0.5]), 15);
        Assert.Equal(0.0, Information.KlDivergence<double>([1.0, 0.0], [1.0, 0.0]));
        // q = 0 where p > 0: infinite divergence and cross-entropy.
        Assert.Equal(double.PositiveInfinity, Information.KlDivergence<double>([0.5, 0.5], [1.0, 0.0]));
        Assert.Equal(double.PositiveInfinity, Information.CrossEntropy<double>([0.5, 0.5], [1.0, 0.0]));
        Assert.True(BigFloat.IsPositiveInfinity(Information.KlDivergence<BigFloat>([BigFloat.One, BigFloat.Zero], [BigFloat.Zero, BigFloat.One])));
    }

    [Fact]
    public void Invalid_distributions_are_rejected_with_the_reason()
    {
        Assert.Contains("p[1] = -0.1 is negative", Assert.Throws<ArgumentException>(() => Information.Entropy<double>([1.1, -0.1])).Message);
        Assert.Contains("sums to 0.9", Assert.Throws<ArgumentException>(() => Information.Entropy<double>([0.5, 0.4])).Message);
        Assert.Contains("p has 2 outcomes but q has 3", Assert.Throws<ArgumentException>(() => Information.KlDivergence<double>([0.5, 0.5], P)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Information.Entropy<double>([double.NaN, 1])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Information.Entropy<double>([])).Message);
        // An explicit tolerance admits a sum that is slightly off.
        Assert.Equal(0.0, Information.Entropy<double>([1.001], tolerance: 0.01), 2);
    }

    [Fact]
    public void Works_in_every_precision()
    {
        Assert.Equal(1.5f, Information.Entropy<float>([0.5f, 0.25f, 0.25f], LogBase.Bits), 6);
        Assert.Equal(1.5, (double)Information.Entropy<Half>([(Half)0.5, (Half)0.25, (Half)0.25], LogBase.Bits), 2);
        using var _ = BigFloat.UsePrecision(300);
        BigFloat h = Information.Entropy<BigFloat>([BigFloat.FromDouble(0.5), BigFloat.FromDouble(0.25), BigFloat.FromDouble(0.25)], LogBase.Bits);
        Assert.True(BigFloat.Abs(h - BigFloat.FromDouble(1.5)) < BigFloat.FromParts(1, -290), h.ToString());
    }

    [Fact]
    public void Gaussian_kl_matches_the_closed_form_and_the_general_formula()
    {
        // KL(N(1, 1) ‖ N(0, 1)) = ½; KL(N(0, e²) ‖ N(0, 1)) = ½(e² − 1 − 2).
        Assert.Equal(0.5, Information.GaussianKlToStandardNormal<double>([1.0], [0.0]), 15);
        Assert.Equal(0.5 * (Math.Exp(2) - 3), Information.GaussianKlToStandardNormal<double>([0.0], [2.0]), 14);
        double[] mu = [0.3, -1.2], logVar = [0.5, -0.7];
        Assert.Equal(Information.GaussianKlToStandardNormal<double>(mu, logVar), Information.GaussianKl<double>(mu, logVar, [0.0, 0.0], [0.0, 0.0]), 14);
        // Between two non-standard Gaussians: ½[ln(σ₂²/σ₁²) + (σ₁² + Δμ²)/σ₂² − 1] with σ₁² = 1, σ₂² = 4, Δμ = 2.
        Assert.Equal(0.5 * (Math.Log(4) + 5.0 / 4 - 1), Information.GaussianKl<double>([2.0], [0.0], [0.0], [Math.Log(4)]), 14);
        Assert.Equal(0.5 / Math.Log(2), Information.GaussianKlToStandardNormal<double>([1.0], [0.0], LogBase.Bits), 15);
    }
}
