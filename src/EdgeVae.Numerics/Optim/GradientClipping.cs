using System.Numerics;
using EdgeVae.Numerics.Nn;

namespace EdgeVae.Numerics.Optim;

/// <summary>Gradient clipping (PyTorch's <c>clip_grad_norm_</c> and <c>clip_grad_value_</c>).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so their global L2 norm is at most <paramref name="maxNorm"/>.
    /// Returns the norm before clipping (NaN or ∞ when a gradient is not finite, which a training loop reports as divergence).
    /// </summary>
    public static double ClipNorm<T>(IEnumerable<Parameter<T>> parameters, double maxNorm) where T : INumber<T>, IRootFunctions<T>
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be positive.");
        var list = parameters as IReadOnlyList<Parameter<T>> ?? parameters.ToArray();
        T sumSquares = T.Zero;
        foreach (var p in list)
            foreach (T g in p.Grad.Span) sumSquares += g * g;
        double norm = double.CreateChecked(T.Sqrt(sumSquares));
        if (norm > maxNorm && double.IsFinite(norm))
        {
            T scale = T.CreateChecked(maxNorm / (norm + 1e-6));
            foreach (var p in list)
            {
                Span<T> g = p.Grad.Span;
                for (int i = 0; i < g.Length; i++) g[i] *= scale;
            }
        }
        return norm;
    }

    /// <summary>Clamps every gradient entry to [−<paramref name="limit"/>, <paramref name="limit"/>].</summary>
    public static void ClipValue<T>(IEnumerable<Parameter<T>> parameters, double limit) where T : INumber<T>
    {
        if (!(limit > 0)) throw new ArgumentOutOfRangeException(nameof(limit), limit, "The clipping limit must be positive.");
        T hi = T.CreateChecked(limit), lo = -hi;
        foreach (var p in parameters)
        {
            Span<T> g = p.Grad.Span;
            for (int i = 0; i < g.Length; i++) g[i] = T.Clamp(g[i], lo, hi);
        }
    }
}
