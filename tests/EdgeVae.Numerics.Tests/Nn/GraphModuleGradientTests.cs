using System.Numerics;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Precision;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Tests.Nn;

/// <summary>
/// The modules the model graph's convolutional and VAE ops train with, against central differences in double
/// (relative error &lt; 1e-6) and in BigFloat at 256 bits (&lt; 1e-30), as the dense layers are held.
/// </summary>
public class GraphModuleGradientTests
{
    private const double DoubleStep = 1e-5, DoubleTolerance = 1e-6, BigTolerance = 1e-30;

    private static Tensor<T> Input<T>(int rows, int cols, ulong seed) where T : INumberBase<T>
    {
        var random = new Prng(seed);
        var x = Tensor<T>.Zeros(rows, cols);
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>Stride, dilation and asymmetric padding all at once: every index path of im2col and col2im.</summary>
    private static Conv1d<T> Conv<T>(Prng r) where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T> =>
        new(inChannels: 3, outChannels: 4, kernelSize: 3, inLength: 11, r, Init.PyTorchDefault, stride: 2, dilation: 2, paddingLeft: 1, paddingRight: 2);

    /// <summary>
    /// Stride 1 (the decoder's convolutions, whose input gradient is itself a convolution of dy), with dilation, 'same'
    /// and asymmetric padding, no padding, padding wider than the kernel; stride 2 and 3 (the col2im path).
    /// </summary>
    private static Conv1d<T> Conv<T>(Prng r, int stride, int dilation, int paddingLeft, int paddingRight, int kernel = 3) where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T> =>
        new(inChannels: 3, outChannels: 4, kernelSize: kernel, inLength: 11, r, Init.PyTorchDefault, stride: stride, dilation: dilation, paddingLeft: paddingLeft, paddingRight: paddingRight);

    [Theory]
    [InlineData(2, 2, 1, 2, 3)]
    [InlineData(1, 1, 1, 1, 3)]
    [InlineData(1, 2, 1, 3, 3)]
    [InlineData(1, 1, 0, 0, 5)]
    [InlineData(1, 1, 4, 0, 2)]
    [InlineData(3, 1, 2, 2, 4)]
    public void Conv1d_in_double(int stride, int dilation, int paddingLeft, int paddingRight, int kernel) =>
        Assert.InRange(GradientCheck.Module(Conv<double>(new Prng(3), stride, dilation, paddingLeft, paddingRight, kernel), Input<double>(2, 33, 5), DoubleStep), 0, DoubleTolerance);

    [Theory]
    [InlineData(2, 2, 1, 2)]
    [InlineData(1, 2, 1, 3)]
    public void Conv1d_in_bigfloat(int stride, int dilation, int paddingLeft, int paddingRight)
    {
        using var _ = BigFloat.UsePrecision(256);
        Assert.InRange(GradientCheck.Module(Conv<BigFloat>(new Prng(3), stride, dilation, paddingLeft, paddingRight), Input<BigFloat>(2, 33, 5), BigFloat.FromParts(1, -70)), 0, BigTolerance);
    }

    [Fact]
    public void Conv1d_computes_PyTorchs_definition()
    {
        // y[o, j] = b[o] + Σ_c Σ_t W[o, c, t]·x[c, j·s − p + t·d], zeros outside: written out here, compared exactly in double.
        var conv = Conv<double>(new Prng(9));
        var x = Input<double>(2, 33, 1);
        var y = conv.Forward(x);
        Assert.Equal(conv.OutLength * 4, y.Cols);
        Assert.Equal(5, conv.OutLength); // (11 + 1 + 2 − 2·2 − 1) / 2 + 1
        for (int b = 0; b < 2; b++)
            for (int o = 0; o < 4; o++)
                for (int j = 0; j < conv.OutLength; j++)
                {
                    double expected = conv.Bias.Value[o];
                    for (int c = 0; c < 3; c++)
                        for (int t = 0; t < 3; t++)
                        {
                            int idx = j * 2 - 1 + t * 2;
                            if (idx >= 0 && idx < 11) expected += conv.Weight.Value[o, c * 3 + t] * x[b, c * 11 + idx];
                        }
                    Assert.Equal(expected, y[b, o * conv.OutLength + j], 12);
                }
    }

    [Fact]
    public void Upsample_transpose_and_reshape_in_double()
    {
        Assert.InRange(GradientCheck.Module(new Upsample1d<double>(3, 4, 2), Input<double>(2, 12, 1), DoubleStep), 0, DoubleTolerance);
        Assert.InRange(GradientCheck.Module(new TransposeLayer<double>(3, 4), Input<double>(2, 12, 2), DoubleStep), 0, DoubleTolerance);
        Assert.InRange(GradientCheck.Module(new ReshapeLayer<double>(12), Input<double>(2, 12, 3), DoubleStep), 0, DoubleTolerance);
        var up = new Upsample1d<double>(2, 3, 2).Forward(Tensor<double>.FromArray(1, 6, [1, 2, 3, 4, 5, 6]));
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6], up.Span.ToArray());
        var tr = new TransposeLayer<double>(2, 3).Forward(Tensor<double>.FromArray(1, 6, [1, 2, 3, 4, 5, 6]));
        Assert.Equal([1, 4, 2, 5, 3, 6], tr.Span.ToArray());
    }

    [Fact]
    public void Upsample_and_transpose_in_bigfloat()
    {
        using var _ = BigFloat.UsePrecision(256);
        Assert.InRange(GradientCheck.Module(new Upsample1d<BigFloat>(3, 4, 3), Input<BigFloat>(2, 12, 1), BigFloat.FromParts(1, -70)), 0, BigTolerance);
        Assert.InRange(GradientCheck.Module(new TransposeLayer<BigFloat>(4, 3), Input<BigFloat>(2, 12, 2), BigFloat.FromParts(1, -70)), 0, BigTolerance);
    }

    [Fact]
    public void Gaussian_head_gives_mu_and_passes_its_gradient()
    {
        Assert.InRange(GradientCheck.Module(new GaussianHead<double>(3), Input<double>(2, 6, 4), DoubleStep), 0, DoubleTolerance);
        var head = new GaussianHead<double>(2);
        var mu = head.Forward(Tensor<double>.FromArray(1, 4, [1, 2, -3, 4]));
        Assert.Equal([1.0, 2.0], mu.Span.ToArray());
        Assert.Equal([-3.0, 4.0], head.LogVar.Span.ToArray());
    }

    /// <summary>The reparameterised sample's backward against differences of L = Σ r ⊙ z with the same ε.</summary>
    private static double SampleCheck<T>(T step) where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var head = new GaussianHead<T>(3);
        var h = Input<T>(2, 6, 8);
        var r = Input<T>(2, 3, 9);
        T Loss()
        {
            var z = head.Sample(h, new Prng(77));
            T sum = T.Zero;
            for (int i = 0; i < z.Length; i++) sum += r[i] * z[i];
            return sum;
        }
        Loss();
        var none = new T[6];
        var analytic = head.SampleBackward(r, none, none, T.Zero).Span.ToArray();
        var numeric = new List<T>();
        for (int i = 0; i < h.Length; i++) numeric.Add(GradientCheck.Central(h.Span, i, step, Loss));
        return GradientCheck.RelativeError(analytic, numeric);
    }

    [Fact]
    public void Gaussian_head_sample_backward_in_double_and_bigfloat()
    {
        Assert.InRange(SampleCheck(DoubleStep), 0, DoubleTolerance);
        using var _ = BigFloat.UsePrecision(256);
        Assert.InRange(SampleCheck(BigFloat.FromParts(1, -70)), 0, BigTolerance);
    }
}
