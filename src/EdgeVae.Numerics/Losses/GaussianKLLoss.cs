using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Losses;

/// <summary>
/// KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² − 1 − ln σ²), in nats, from μ and log σ² per row: the VAE's
/// regulariser in closed form. Gradients: ∂/∂μ = μ, ∂/∂log σ² = ½(σ² − 1).
/// </summary>
public sealed class GaussianKLLoss<T>(Reduction reduction = Reduction.BatchMean)
    where T : INumber<T>, IExponentialFunctions<T>
{
    private readonly Tensor<T> _gradMu = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradLogVar = Tensor<T>.Zeros(0, 0);

    /// <summary>The reduction applied.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>The KL divergence (nats), reduced; gradients in <see cref="GradientMu"/> and <see cref="GradientLogVar"/>.</summary>
    public T Forward(Tensor<T> mu, Tensor<T> logVar)
    {
        LossScale.CheckSameShape(mu, logVar, "GaussianKLLoss");
        T scale = LossScale.Of<T>(Reduction, mu.Rows, mu.Cols);
        T half = T.One / (T.One + T.One);
        _gradMu.EnsureShape(mu.Rows, mu.Cols);
        _gradLogVar.EnsureShape(mu.Rows, mu.Cols);
        ReadOnlySpan<T> m = mu.Span, lv = logVar.Span;
        Span<T> gm = _gradMu.Span, gl = _gradLogVar.Span;
        T sum = T.Zero;
        for (int i = 0; i < m.Length; i++)
        {
            T variance = T.Exp(lv[i]);
            sum += m[i] * m[i] + variance - T.One - lv[i];
            gm[i] = scale * m[i];
            gl[i] = scale * half * (variance - T.One);
        }
        return half * sum * scale;
    }

    /// <summary>∂loss/∂μ from the last <see cref="Forward"/>.</summary>
    public Tensor<T> GradientMu => _gradMu;

    /// <summary>∂loss/∂log σ² from the last <see cref="Forward"/>.</summary>
    public Tensor<T> GradientLogVar => _gradLogVar;
}
