using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Losses;

/// <summary>
/// Binary cross-entropy on logits z with targets y ∈ [0, 1] (PyTorch's <c>nn.BCEWithLogitsLoss</c>):
/// −[y·ln σ(z) + (1 − y)·ln(1 − σ(z))] = max(z, 0) − z·y + ln(1 + e^(−|z|)), in nats, never overflowing.
/// It is the Bernoulli decoder's negative log-likelihood.
/// </summary>
public sealed class BCEWithLogitsLoss<T>(Reduction reduction = Reduction.Mean)
    where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>
{
    private readonly Tensor<T> _grad = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _scratch = Tensor<T>.Zeros(0, 0);

    /// <summary>The reduction applied.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>The loss (nats), and ∂loss/∂logits = σ(z) − y (scaled) in <see cref="Gradient"/>.</summary>
    public T Forward(Tensor<T> logits, Tensor<T> target)
    {
        LossScale.CheckSameShape(logits, target, "BCEWithLogitsLoss");
        T scale = LossScale.Of<T>(Reduction, logits.Rows, logits.Cols);
        _grad.EnsureShape(logits.Rows, logits.Cols);
        ReadOnlySpan<T> z = logits.Span, y = target.Span;
        Span<T> g = _grad.Span;
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double)) return ForwardVectorized(z, y, g, scale);
        T sum = T.Zero;
        for (int i = 0; i < z.Length; i++)
        {
            T e = T.Exp(-T.Abs(z[i]));
            sum += T.Max(z[i], T.Zero) - z[i] * y[i] + T.LogP1(e);
            // σ(z) from the same e^(−|z|): 1/(1+e) for z ≥ 0, e/(1+e) for z < 0.
            T sigma = z[i] >= T.Zero ? T.One / (T.One + e) : e / (T.One + e);
            g[i] = scale * (sigma - y[i]);
        }
        return sum * scale;
    }

    /// <summary>
    /// The same formula in whole-span passes that <see cref="System.Numerics.Tensors.TensorPrimitives"/> vectorises (float and double):
    /// the scalar loop's Math.Exp/Math.Log per element cost more than the matrix products around them.
    /// </summary>
    private T ForwardVectorized(ReadOnlySpan<T> z, ReadOnlySpan<T> y, Span<T> g, T scale)
    {
        _scratch.EnsureShape(1, z.Length);
        Span<T> t = _scratch.Span;
        TensorPrimitives.Abs(z, t);
        TensorPrimitives.Negate(t, t);
        TensorPrimitives.Exp(t, t);                 // e^(−|z|)
        TensorPrimitives.Add(t, T.One, t);
        TensorPrimitives.Log(t, t);                 // ln(1 + e^(−|z|))
        T sum = TensorPrimitives.Sum<T>(t);
        TensorPrimitives.Max(z, T.Zero, t);
        sum += TensorPrimitives.Sum<T>(t);          // + Σ max(z, 0)
        sum -= TensorPrimitives.Dot(z, y);          // − Σ z·y
        TensorPrimitives.Sigmoid(z, g);
        TensorPrimitives.Subtract(g, y, g);
        TensorPrimitives.Multiply(g, scale, g);     // scale·(σ(z) − y)
        return sum * scale;
    }

    /// <summary>∂loss/∂logits from the last <see cref="Forward"/>.</summary>
    public Tensor<T> Gradient => _grad;
}
