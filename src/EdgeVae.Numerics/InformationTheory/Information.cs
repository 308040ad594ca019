using System.Numerics;

namespace EdgeVae.Numerics.InformationTheory;

/// <summary>
/// Entropy, cross-entropy and Kullback–Leibler divergence of discrete distributions, and the closed-form
/// KL divergence between diagonal Gaussians, generic over the element type. Conventions: 0·log 0 = 0 and
/// 0·log(0/q) = 0; a term p·log(p/0) with p &gt; 0 makes the divergence (and cross-entropy) +∞, because q
/// gives zero probability to an outcome p can produce.
/// </summary>
public static class Information
{
    /// <summary>H(p) = −Σ p log p, in <paramref name="unit"/>.</summary>
    /// <exception cref="ArgumentException">p is not a distribution (negative entry, NaN, or a sum off 1 beyond the tolerance).</exception>
    public static T Entropy<T>(ReadOnlySpan<T> p, LogBase unit = LogBase.Nats, double? tolerance = null)
        where T : INumber<T>, ILogarithmicFunctions<T>
    {
        CheckDistribution(p, nameof(p), tolerance);
        T sum = T.Zero;
        foreach (T pi in p)
        {
            if (pi > T.Zero) sum -= pi * T.Log(pi);
        }
        return InUnit(sum, unit);
    }

    /// <summary>H(p, q) = −Σ p log q = H(p) + D(p‖q), in <paramref name="unit"/>; +∞ when q = 0 where p &gt; 0.</summary>
    public static T CrossEntropy<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, LogBase unit = LogBase.Nats, double? tolerance = null)
        where T : INumber<T>, ILogarithmicFunctions<T>
    {
        CheckPair(p, q, tolerance);
        T sum = T.Zero;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == T.Zero) continue;
            if (q[i] == T.Zero) return PositiveInfinity<T>();
            sum -= p[i] * T.Log(q[i]);
        }
        return InUnit(sum, unit);
    }

    /// <summary>D(p‖q) = Σ p log(p/q) ≥ 0, in <paramref name="unit"/>; +∞ when q = 0 where p &gt; 0.</summary>
    public static T KlDivergence<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, LogBase unit = LogBase.Nats, double? tolerance = null)
        where T : INumber<T>, ILogarithmicFunctions<T>
    {
        CheckPair(p, q, tolerance);
        T sum = T.Zero;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == T.Zero) continue;
            if (q[i] == T.Zero) return PositiveInfinity<T>();
            sum += p[i] * T.Log(p[i] / q[i]);
        }
        return InUnit(sum, unit);
    }

    /// <summary>
    /// D(N(μ₁, diag σ₁²) ‖ N(μ₂, diag σ₂²)) = ½ Σ [ln(σ₂²/σ₁²) + (σ₁² + (μ₁ − μ₂)²)/σ₂² − 1], from log-variances, in <paramref name="unit"/>.
    /// </summary>
    public static T GaussianKl<T>(ReadOnlySpan<T> mu1, ReadOnlySpan<T> logVar1, ReadOnlySpan<T> mu2, ReadOnlySpan<T> logVar2, LogBase unit = LogBase.Nats)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>
    {
        int n = mu1.Length;
        if (logVar1.Length != n || mu2.Length != n || logVar2.Length != n)
            throw new ArgumentException($"Gaussian KL needs four vectors of one length; got μ₁ {n}, log σ₁² {logVar1.Length}, μ₂ {mu2.Length}, log σ₂² {logVar2.Length}.");
        T sum = T.Zero;
        for (int i = 0; i < n; i++)
        {
            T d = mu1[i] - mu2[i];
            sum += logVar2[i] - logVar1[i] + (T.Exp(logVar1[i]) + d * d) / T.Exp(logVar2[i]) - T.One;
        }
        return InUnit(sum / (T.One + T.One), unit);
    }

    /// <summary>D(N(μ, diag σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² − 1 − ln σ²): the VAE's KL term.</summary>
    public static T GaussianKlToStandardNormal<T>(ReadOnlySpan<T> mu, ReadOnlySpan<T> logVar, LogBase unit = LogBase.Nats)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>
    {
        if (logVar.Length != mu.Length)
            throw new ArgumentException($"μ has {mu.Length} entries but log σ² has {logVar.Length}.");
        T sum = T.Zero;
        for (int i = 0; i < mu.Length; i++) sum += mu[i] * mu[i] + T.Exp(logVar[i]) - T.One - logVar[i];
        return InUnit(sum / (T.One + T.One), unit);
    }

    /// <summary>Converts nats to <paramref name="unit"/>.</summary>
    public static T InUnit<T>(T nats, LogBase unit) where T : INumber<T>, ILogarithmicFunctions<T> =>
        unit == LogBase.Nats ? nats : nats / T.Log(T.One + T.One);

    private static T PositiveInfinity<T>() where T : INumberBase<T> => T.CreateChecked(double.PositiveInfinity);

    private static void CheckPair<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, double? tolerance) where T : INumber<T>
    {
        if (p.Length != q.Length)
            throw new ArgumentException($"p has {p.Length} outcomes but q has {q.Length}; both must be over the same outcomes.");
        CheckDistribution(p, "p", tolerance);
        CheckDistribution(q, "q", tolerance);
    }

    /// <summary>
    /// Entries must be ≥ 0 and sum to 1 within <paramref name="tolerance"/>; by default 1e-6 or, for
    /// types coarser than float, 8·n unit roundoffs of the type (Half's sums are only good to ~1e-3).
    /// </summary>
    private static void CheckDistribution<T>(ReadOnlySpan<T> p, string name, double? tolerance) where T : INumber<T>
    {
        if (p.IsEmpty) throw new ArgumentException($"{name} is empty; a distribution needs at least one outcome.", name);
        T sum = T.Zero;
        for (int i = 0; i < p.Length; i++)
        {
            if (T.IsNaN(p[i])) throw new ArgumentException($"{name}[{i}] is NaN.", name);
            if (p[i] < T.Zero) throw new ArgumentException($"{name}[{i}] = {p[i]} is negative; probabilities must be ≥ 0.", name);
            sum += p[i];
        }
        double tol = tolerance ?? Math.Max(1e-6, 8.0 * p.Length * UnitRoundoff<T>());
        double total = double.CreateChecked(sum);
        if (Math.Abs(total - 1.0) > tol)
            throw new ArgumentException($"{name} sums to {total:R}, not 1 (tolerance {tol:G3}); normalise it first.", name);
    }

    private static double UnitRoundoff<T>() where T : INumber<T>
    {
        if (typeof(T) == typeof(Half)) return Math.ScaleB(1, -11);
        if (typeof(T) == typeof(float)) return Math.ScaleB(1, -24);
        return Math.ScaleB(1, -53);
    }
}
