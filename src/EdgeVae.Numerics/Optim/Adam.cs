using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
            int i = 0;
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
                i = StepVectorized(theta, grad, m, v, b1, b2, oneMinusB1, oneMinusB2, stepSize, sqrtCorrection2, eps, shrink, decay);
            for (; i < theta.Length; i++)
            {
                T g = grad[i];
                m[i] = b1 * m[i] + oneMinusB1 * g;
                v[i] = b2 * v[i] + oneMinusB2 * g * g;
                if (decay) theta[i] *= shrink;
                theta[i] -= stepSize * m[i] / (T.Sqrt(v[i]) / sqrtCorrection2 + eps);
            }
        }
    }

    /// <summary>
    /// The same update, 8 floats or 4 doubles at a time. Every operation is the scalar one lane by lane (no
    /// fused multiply-add), so results are bit-identical to the scalar loop; returns how many elements it did.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StepVectorized(Span<T> theta, Span<T> grad, Span<T> m, Span<T> v, T b1, T b2, T oneMinusB1, T oneMinusB2,
        T stepSize, T sqrtCorrection2, T eps, T shrink, bool decay)
    {
        int n = theta.Length, width = Vector256<T>.Count, i = 0;
        var vb1 = Vector256.Create(b1);
        var vb2 = Vector256.Create(b2);
        var v1b1 = Vector256.Create(oneMinusB1);
        var v1b2 = Vector256.Create(oneMinusB2);
        var vStep = Vector256.Create(stepSize);
        var vCorr = Vector256.Create(sqrtCorrection2);
        var vEps = Vector256.Create(eps);
        var vShrink = Vector256.Create(shrink);
        ref T th0 = ref MemoryMarshal.GetReference(theta);
        ref T g0 = ref MemoryMarshal.GetReference(grad);
        ref T m0 = ref MemoryMarshal.GetReference(m);
        ref T v0 = ref MemoryMarshal.GetReference(v);
        for (; i <= n - width; i += width)
        {
            var g = Vector256.LoadUnsafe(ref g0, (nuint)i);
            var mi = vb1 * Vector256.LoadUnsafe(ref m0, (nuint)i) + v1b1 * g;
            var vi = vb2 * Vector256.LoadUnsafe(ref v0, (nuint)i) + v1b2 * g * g;
            var th = Vector256.LoadUnsafe(ref th0, (nuint)i);
            if (decay) th *= vShrink;
            th -= vStep * mi / (Vector256.Sqrt(vi) / vCorr + vEps);
            mi.StoreUnsafe(ref m0, (nuint)i);
            vi.StoreUnsafe(ref v0, (nuint)i);
            th.StoreUnsafe(ref th0, (nuint)i);
        }
        return i;
    }
}
