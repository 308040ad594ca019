using System.Numerics;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Optim;

/// <summary>
/// Adam (Kingma and Ba) with bias correction, and optional decoupled weight decay (AdamW, Loshchilov and
/// Hutter), as PyTorch's <c>Adam</c>/<c>AdamW</c>: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// θ ← θ(1 − ηλ) − η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// </summary>
public sealed class Adam<T> : Optimizer<T> where T : INumber<T>, IRootFunctions<T>
{
    private readonly Tensor<T>[] _m, _v;

    /// <summary>Adam with PyTorch's defaults (β₁ = 0.9, β₂ = 0.999, ε = 1e-8); <paramref name="weightDecay"/> is decoupled (AdamW).</summary>
    public Adam(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        if (beta1 < 0 || beta1 >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β₁ must be in [0, 1).");
        if (beta2 < 0 || beta2 >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β₂ must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        _m = Parameters.Select(p => Like(p.Value)).ToArray();
        _v = Parameters.Select(p => Like(p.Value)).ToArray();
    }

    private static Tensor<T> Like(Tensor<T> t) => t.Rank == 1 ? Tensor<T>.Zeros(t.Cols) : Tensor<T>.Zeros(t.Rows, t.Cols);

    /// <inheritdoc />
    public override IReadOnlyList<Tensor<T>> StateTensors => [.. _m, .. _v];

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>λ, applied as θ ← θ(1 − ηλ) (decoupled from the gradient).</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public override void Step()
    {
        StepCount++;
        T b1 = T.CreateChecked(Beta1), b2 = T.CreateChecked(Beta2);
        T oneMinusB1 = T.One - b1, oneMinusB2 = T.One - b2;
        // Bias corrections in double: β^t underflows gracefully and the factors are exact enough for any T's step.
        T stepSize = T.CreateChecked(LearningRate / (1 - Math.Pow(Beta1, StepCount)));
        T sqrtCorrection2 = T.CreateChecked(Math.Sqrt(1 - Math.Pow(Beta2, StepCount)));
        T eps = T.CreateChecked(Epsilon);
        T shrink = T.One - T.CreateChecked(LearningRate * WeightDecay);
        bool decay = WeightDecay > 0;
        for (int k = 0; k < Parameters.Count; k++)
        {
            Span<T> theta = Parameters[k].Value.Span, grad = Parameters[k].Grad.Span, m = _m[k].Span, v = _v[k].Span;
            for (int i = 0; i < theta.Length; i++)
            {
                T g = grad[i];
                m[i] = b1 * m[i] + oneMinusB1 * g;
                v[i] = b2 * v[i] + oneMinusB2 * g * g;
                if (decay) theta[i] *= shrink;
                theta[i] -= stepSize * m[i] / (T.Sqrt(v[i]) / sqrtCorrection2 + eps);
            }
        }
    }
}
