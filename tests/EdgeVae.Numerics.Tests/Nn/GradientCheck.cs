using System.Numerics;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Tests.Nn;

/// <summary>
/// Central finite differences against the analytic backward pass, reported as the relative error
/// ‖g_analytic − g_numeric‖ / (‖g_analytic‖ + ‖g_numeric‖) over every input and parameter entry.
/// </summary>
internal static class GradientCheck
{
    /// <summary>
    /// Checks a module under the scalar L = Σ r ⊙ module(x) with fixed random r, so ∂L/∂output = r
    /// exercises every output. Returns the relative error.
    /// </summary>
    public static double Module<T>(Module<T> module, Tensor<T> input, T step, int seed = 1)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        Tensor<T> output = module.Forward(input);
        var weights = Tensor<T>.Zeros(output.Rows, output.Cols);
        new EdgeVae.Numerics.Random.Prng((ulong)seed).FillUniform(weights.Span, -1, 1);

        T Loss()
        {
            Tensor<T> y = module.Forward(input);
            T sum = T.Zero;
            for (int i = 0; i < y.Length; i++) sum += weights[i] * y[i];
            return sum;
        }

        module.ZeroGrad();
        Tensor<T> gradInput = module.Backward(weights).Clone();
        var analytic = new List<T>(gradInput.Span.ToArray());
        var numeric = new List<T>();
        foreach (int i in Enumerable.Range(0, input.Length)) numeric.Add(Central(input.Span, i, step, Loss));
        foreach (var p in module.Parameters())
        {
            analytic.AddRange(p.Grad.Span.ToArray());
            for (int i = 0; i < p.Value.Length; i++) numeric.Add(Central(p.Value.Span, i, step, Loss));
        }
        return RelativeError(analytic, numeric);
    }

    /// <summary>(f(x + h) − f(x − h)) / 2h for coordinate i of <paramref name="values"/>.</summary>
    public static T Central<T>(Span<T> values, int i, T step, Func<T> f) where T : INumber<T>
    {
        T saved = values[i];
        values[i] = saved + step;
        T plus = f();
        values[i] = saved - step;
        T minus = f();
        values[i] = saved;
        return (plus - minus) / (step + step);
    }

    public static double RelativeError<T>(IReadOnlyList<T> analytic, IReadOnlyList<T> numeric) where T : INumber<T>, IRootFunctions<T>
    {
        if (analytic.Count != numeric.Count) throw new InvalidOperationException("Gradient lengths differ.");
        T diff = T.Zero, a = T.Zero, n = T.Zero;
        for (int i = 0; i < analytic.Count; i++)
        {
            T d = analytic[i] - numeric[i];
            diff += d * d;
            a += analytic[i] * analytic[i];
            n += numeric[i] * numeric[i];
        }
        T denominator = T.Sqrt(a) + T.Sqrt(n);
        if (T.IsZero(denominator)) return 0;
        return double.CreateChecked(T.Sqrt(diff) / denominator);
    }
}
