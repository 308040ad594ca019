using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;
using EdgeVae.Contract;

namespace EdgeVae.Numerics.Activations;

/// <summary>
/// Forward values and derivatives of the activations over spans, generic over the element type
/// (<see cref="TP"/> vectorises the float and double paths; other types run its scalar path).
/// </summary>
public static class Activation
{
    /// <summary>y = f(x) elementwise. <paramref name="x"/> and <paramref name="y"/> may be the same span.</summary>
    public static void Forward<T>(ActivationFunction kind, ReadOnlySpan<T> x, Span<T> y, double negativeSlope = ActivationMath.LeakyReluSlope)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>
    {
        CheckLengths(x.Length, y.Length);
        switch (kind)
        {
            case ActivationFunction.Identity:
                x.CopyTo(y);
                break;
            case ActivationFunction.Relu:
                TP.Max(x, T.Zero, y);
                break;
            case ActivationFunction.LeakyRelu:
                T slope = T.CreateChecked(negativeSlope);
                for (int i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : slope * x[i];
                break;
            case ActivationFunction.Sigmoid:
                TP.Sigmoid(x, y);
                break;
            case ActivationFunction.Tanh:
                TP.Tanh(x, y);
                break;
            case ActivationFunction.Softplus:
                for (int i = 0; i < x.Length; i++) y[i] = Softplus(x[i]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }
    }

    /// <summary>
    /// dx = dy · f′(x), from the input <paramref name="x"/> and the output <paramref name="y"/> = f(x)
    /// (sigmoid and tanh use y, the others x). <paramref name="dx"/> may alias <paramref name="dy"/>.
    /// </summary>
    public static void Backward<T>(ActivationFunction kind, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, double negativeSlope = ActivationMath.LeakyReluSlope)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>
    {
        CheckLengths(x.Length, y.Length);
        CheckLengths(x.Length, dy.Length);
        CheckLengths(x.Length, dx.Length);
        switch (kind)
        {
            case ActivationFunction.Identity:
                dy.CopyTo(dx);
                break;
            case ActivationFunction.Relu:
                SelectByInputSign(x, dy, T.Zero, leaky: false, dx);
                break;
            case ActivationFunction.LeakyRelu:
                SelectByInputSign(x, dy, T.CreateChecked(negativeSlope), leaky: true, dx);
                break;
            case ActivationFunction.Sigmoid:
                for (int i = 0; i < x.Length; i++) dx[i] = dy[i] * y[i] * (T.One - y[i]);
                break;
            case ActivationFunction.Tanh:
                for (int i = 0; i < x.Length; i++) dx[i] = dy[i] * (T.One - y[i] * y[i]);
                break;
            case ActivationFunction.Softplus:
                for (int i = 0; i < x.Length; i++) dx[i] = dy[i] * Sigmoid(x[i]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }
    }

    /// <summary>
    /// dx = x &gt; 0 ? dy : slope·dy (ReLU: exactly 0, whatever dy holds), the ReLU family's backward pass. The signs of a layer's inputs are as good as random,
    /// so a branch per element mispredicts half the time: the vector path selects with a mask instead, and the scalar
    /// path (the remainder, and types without hardware vectors) computes the same values.
    /// </summary>
    private static void SelectByInputSign<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, T slope, bool leaky, Span<T> dx) where T : INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && x.Length >= Vector<T>.Count)
        {
            var zero = Vector<T>.Zero;
            var slopes = new Vector<T>(slope);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var g = new Vector<T>(dy.Slice(i));
                var positive = Vector.GreaterThan(new Vector<T>(x.Slice(i)), zero);
                Vector.ConditionalSelect(positive, g, leaky ? slopes * g : zero).CopyTo(dx.Slice(i));
            }
        }
        for (; i < x.Length; i++) dx[i] = x[i] > T.Zero ? dy[i] : leaky ? slope * dy[i] : T.Zero;
    }

    /// <summary>1/(1 + e^(−x)) for one value.</summary>
    public static T Sigmoid<T>(T x) where T : INumber<T>, IExponentialFunctions<T> => T.One / (T.One + T.Exp(-x));

    /// <summary>ln(1 + e^x) for one value, without overflow for large x.</summary>
    public static T Softplus<T>(T x) where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T> =>
        T.Max(x, T.Zero) + T.LogP1(T.Exp(-T.Abs(x)));

    private static void CheckLengths(int expected, int actual)
    {
        if (expected != actual) throw new ArgumentException($"Span lengths differ: {expected} and {actual}.");
    }
}
