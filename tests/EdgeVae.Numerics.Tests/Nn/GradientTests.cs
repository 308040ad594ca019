using System.Numerics;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Losses;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Precision;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Contract;

namespace EdgeVae.Numerics.Tests.Nn;

/// <summary>
/// Every layer, activation and loss against central differences: in double (relative error &lt; 1e-6)
/// and in BigFloat at 256 bits (&lt; 1e-30), where a step of 2⁻⁷⁰ leaves truncation error near 2⁻¹⁴⁰.
/// </summary>
public class GradientTests
{
    private const double DoubleStep = 1e-5, DoubleTolerance = 1e-6, BigTolerance = 1e-30;

    public static TheoryData<ActivationFunction> Kinds => new(Enum.GetValues<ActivationFunction>());

    /// <summary>Inputs in ±[0.1, 1]: away from ReLU's kink at 0, where the derivative is undefined.</summary>
    private static Tensor<T> Input<T>(int rows, int cols, ulong seed) where T : INumberBase<T>
    {
        var random = new Prng(seed);
        var x = Tensor<T>.Zeros(rows, cols);
        for (int i = 0; i < x.Length; i++)
        {
            double v = 0.1 + 0.9 * random.NextDouble();
            x[i] = T.CreateChecked(random.NextDouble() < 0.5 ? -v : v);
        }
        return x;
    }

    private static double Run<T>(Func<Prng, Module<T>> build, T step)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        Module<T> module = build(new Prng(42));
        return GradientCheck.Module(module, Input<T>(3, 5, 7), step);
    }

    [Fact]
    public void Linear_in_double() =>
        Assert.InRange(Run<double>(r => new Linear<double>(5, 4, r, Init.PyTorchDefault), DoubleStep), 0, DoubleTolerance);

    [Fact]
    public void Linear_in_bigfloat()
    {
        using var _ = BigFloat.UsePrecision(256);
        Assert.InRange(Run<BigFloat>(r => new Linear<BigFloat>(5, 4, r, Init.PyTorchDefault), BigFloat.FromParts(1, -70)), 0, BigTolerance);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Activation_in_double(ActivationFunction kind) =>
        Assert.InRange(Run<double>(_ => new ActivationLayer<double>(kind, 0.2), DoubleStep), 0, DoubleTolerance);

    [Theory, MemberData(nameof(Kinds))]
    public void Activation_in_bigfloat(ActivationFunction kind)
    {
        using var _ = BigFloat.UsePrecision(256);
        Assert.InRange(Run<BigFloat>(_ => new ActivationLayer<BigFloat>(kind, 0.2), BigFloat.FromParts(1, -70)), 0, BigTolerance);
    }

    [Fact]
    public void Stacked_mlp_in_double() =>
        Assert.InRange(Run<double>(r => new Sequential<double>(
            new Linear<double>(5, 6, r), new ActivationLayer<double>(ActivationFunction.Tanh),
            new Linear<double>(6, 3, r), new ActivationLayer<double>(ActivationFunction.Softplus)), DoubleStep), 0, DoubleTolerance);

    [Fact]
    public void Stacked_mlp_in_bigfloat()
    {
        using var _ = BigFloat.UsePrecision(256);
        Assert.InRange(Run<BigFloat>(r => new Sequential<BigFloat>(
            new Linear<BigFloat>(5, 6, r), new ActivationLayer<BigFloat>(ActivationFunction.Sigmoid),
            new Linear<BigFloat>(6, 3, r), new ActivationLayer<BigFloat>(ActivationFunction.Tanh)), BigFloat.FromParts(1, -70)), 0, BigTolerance);
    }

    /// <summary>A loss's gradient with respect to its first argument(s) against central differences.</summary>
    private static double LossCheck<T>(Func<Tensor<T>, Tensor<T>, T> loss, Func<Tensor<T>> gradA, Func<Tensor<T>?> gradB,
        Tensor<T> a, Tensor<T> b, bool differentiateB, T step) where T : INumber<T>, IRootFunctions<T>
    {
        loss(a, b);
        var analytic = new List<T>(gradA().Span.ToArray());
        if (differentiateB) analytic.AddRange(gradB()!.Span.ToArray());
        var numeric = new List<T>();
        for (int i = 0; i < a.Length; i++) numeric.Add(GradientCheck.Central(a.Span, i, step, () => loss(a, b)));
        if (differentiateB)
            for (int i = 0; i < b.Length; i++) numeric.Add(GradientCheck.Central(b.Span, i, step, () => loss(a, b)));
        return GradientCheck.RelativeError(analytic, numeric);
    }

    private static void AllLosses<T>(T step, double tolerance)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IRootFunctions<T>
    {
        foreach (Reduction reduction in Enum.GetValues<Reduction>())
        {
            var mse = new MSELoss<T>(reduction);
            Assert.InRange(LossCheck<T>(mse.Forward, () => mse.Gradient, () => null, Input<T>(4, 3, 1), Input<T>(4, 3, 2), false, step), 0, tolerance);

            var bce = new BCEWithLogitsLoss<T>(reduction);
            var target = Input<T>(4, 3, 3);
            for (int i = 0; i < target.Length; i++) target[i] = T.Abs(target[i]); // targets in [0, 1]
            Assert.InRange(LossCheck<T>(bce.Forward, () => bce.Gradient, () => null, Input<T>(4, 3, 4), target, false, step), 0, tolerance);

            var kl = new GaussianKLLoss<T>(reduction);
            Assert.InRange(LossCheck<T>(kl.Forward, () => kl.GradientMu, () => kl.GradientLogVar, Input<T>(4, 3, 5), Input<T>(4, 3, 6), true, step), 0, tolerance);
        }
    }

    [Fact]
    public void Losses_in_double() => AllLosses<double>(DoubleStep, DoubleTolerance);

    [Fact]
    public void Losses_in_bigfloat()
    {
        using var _ = BigFloat.UsePrecision(256);
        AllLosses(BigFloat.FromParts(1, -70), BigTolerance);
    }

    [Fact]
    public void Losses_have_their_textbook_values()
    {
        var pred = Tensor<double>.FromArray(1, 2, [1.0, 3.0]);
        var target = Tensor<double>.FromArray(1, 2, [0.0, 1.0]);
        Assert.Equal(2.5, new MSELoss<double>().Forward(pred, target), 15); // (1 + 4) / 2
        // BCE at logit 0 is ln 2 whatever the target.
        Assert.Equal(Math.Log(2), new BCEWithLogitsLoss<double>(Reduction.Sum).Forward(Tensor<double>.FromArray(1, 1, [0.0]), Tensor<double>.FromArray(1, 1, [1.0])), 15);
        // Huge logits do not overflow: BCE(1000, 0) = 1000.
        Assert.Equal(1000, new BCEWithLogitsLoss<double>(Reduction.Sum).Forward(Tensor<double>.FromArray(1, 1, [1000.0]), Tensor<double>.FromArray(1, 1, [0.0])), 9);
        // KL(N(1, e) ‖ N(0, 1)) = ½(1 + e − 1 − 1) = (e − 1)/2.
        Assert.Equal((Math.E - 1) / 2, new GaussianKLLoss<double>().Forward(Tensor<double>.FromArray(1, 1, [1.0]), Tensor<double>.FromArray(1, 1, [1.0])), 14);
    }
}
