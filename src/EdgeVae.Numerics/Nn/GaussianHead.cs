using System.Numerics;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>
/// A VAE's posterior q(z|x) = N(μ, σ²) from the encoder's output [μ | log σ²] (2 × latent per row). As a module (inference)
/// it gives μ. <see cref="Sample"/> draws z = μ + σ·ε, ε ~ N(0, I) (the reparameterisation trick), and
/// <see cref="SampleBackward"/> takes ∂loss/∂z plus the KL term's own gradients back to the encoder's output.
/// </summary>
public sealed class GaussianHead<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private static readonly T Half = T.One / (T.One + T.One);
    private readonly Tensor<T> _mu = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _logVar = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _eps = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _z = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradInput = Tensor<T>.Zeros(0, 0);

    public GaussianHead(int latent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latent);
        Latent = latent;
    }

    public int Latent { get; }

    /// <summary>μ of the last forward pass.</summary>
    public Tensor<T> Mu => _mu;

    /// <summary>log σ² of the last forward pass.</summary>
    public Tensor<T> LogVar => _logVar;

    /// <summary>μ (the deterministic code).</summary>
    public override Tensor<T> Forward(Tensor<T> input)
    {
        Split(input);
        return _mu;
    }

    /// <summary>∂loss/∂μ back to [μ | log σ²] (log σ² does not reach μ).</summary>
    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        int rows = _mu.Rows;
        if (gradOutput.Rows != rows || gradOutput.Cols != Latent) throw new ArgumentException($"GaussianHead.Backward expected a gradient of shape [{rows}, {Latent}].");
        _gradInput.EnsureShape(rows, 2 * Latent);
        for (int i = 0; i < rows; i++)
        {
            gradOutput.Row(i).CopyTo(_gradInput.Row(i)[..Latent]);
            _gradInput.Row(i)[Latent..].Clear();
        }
        return _gradInput;
    }

    /// <summary>z = μ + e^(½ log σ²)·ε with ε drawn from <paramref name="rng"/> (reused by the next call).</summary>
    public Tensor<T> Sample(Tensor<T> input, Prng rng)
    {
        Split(input);
        int rows = input.Rows;
        _eps.EnsureShape(rows, Latent);
        _z.EnsureShape(rows, Latent);
        rng.FillGaussian<T>(_eps.Span);
        ReadOnlySpan<T> mu = _mu.Span, lv = _logVar.Span, eps = _eps.Span;
        Span<T> z = _z.Span;
        for (int i = 0; i < z.Length; i++) z[i] = mu[i] + T.Exp(Half * lv[i]) * eps[i];
        return _z;
    }

    /// <summary>
    /// ∂loss/∂[μ | log σ²] after <see cref="Sample"/>: ∂z/∂μ = 1 and ∂z/∂log σ² = ½·e^(½ log σ²)·ε, plus
    /// <paramref name="weight"/> times the KL term's gradients <paramref name="gradMu"/> and <paramref name="gradLogVar"/>.
    /// </summary>
    public Tensor<T> SampleBackward(Tensor<T> gradZ, ReadOnlySpan<T> gradMu, ReadOnlySpan<T> gradLogVar, T weight)
    {
        int rows = _z.Rows;
        _gradInput.EnsureShape(rows, 2 * Latent);
        Span<T> gh = _gradInput.Span;
        ReadOnlySpan<T> gz = gradZ.Span, z = _z.Span, mu = _mu.Span;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < Latent; j++)
            {
                int k = i * Latent + j;
                gh[i * 2 * Latent + j] = gz[k] + weight * gradMu[k];
                gh[i * 2 * Latent + Latent + j] = gz[k] * Half * (z[k] - mu[k]) + weight * gradLogVar[k];
            }
        return _gradInput;
    }

    private void Split(Tensor<T> h)
    {
        if (h.Cols != 2 * Latent) throw new ArgumentException($"GaussianHead({Latent}) takes [μ | log σ²] of {2 * Latent} values, got {h.Cols}.", nameof(h));
        int rows = h.Rows;
        _mu.EnsureShape(rows, Latent);
        _logVar.EnsureShape(rows, Latent);
        for (int i = 0; i < rows; i++)
        {
            h.Row(i)[..Latent].CopyTo(_mu.Row(i));
            h.Row(i)[Latent..].CopyTo(_logVar.Row(i));
        }
    }
}
