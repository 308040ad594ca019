using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Losses;

/// <summary>Squared error Σ (ŷ − y)², reduced (PyTorch's <c>nn.MSELoss</c>).</summary>
public sealed class MSELoss<T>(Reduction reduction = Reduction.Mean) where T : INumber<T>
{
    private readonly Tensor<T> _grad = Tensor<T>.Zeros(0, 0);

    /// <summary>The reduction applied.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>The loss, and ∂loss/∂prediction in <see cref="Gradient"/>.</summary>
    public T Forward(Tensor<T> prediction, Tensor<T> target)
    {
        LossScale.CheckSameShape(prediction, target, "MSELoss");
        T scale = LossScale.Of<T>(Reduction, prediction.Rows, prediction.Cols);
        _grad.EnsureShape(prediction.Rows, prediction.Cols);
        ReadOnlySpan<T> p = prediction.Span, t = target.Span;
        Span<T> g = _grad.Span;
        T two = T.One + T.One, sum = T.Zero;
        for (int i = 0; i < p.Length; i++)
        {
            T d = p[i] - t[i];
            sum += d * d;
            g[i] = two * scale * d;
        }
        return sum * scale;
    }

    /// <summary>∂loss/∂prediction from the last <see cref="Forward"/>.</summary>
    public Tensor<T> Gradient => _grad;
}
