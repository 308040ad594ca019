using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Tests.Nn;

/// <summary>BatchNorm1d against its definition (PyTorch's): batch statistics while training, running ones after, and the backward pass.</summary>
public class BatchNormTests
{
    private static Tensor<double> Batch(int rows, int cols, ulong seed)
    {
        var x = Tensor<double>.Zeros(rows, cols);
        new Prng(seed).FillUniform(x.Span, -2, 3);
        return x;
    }

    [Fact]
    public void Training_standardises_by_the_batch_and_moves_the_running_statistics_as_pytorch_does()
    {
        var bn = new BatchNorm1d<double>(3) { Training = true };
        bn.Weight.Value.Span[1] = 2;
        bn.Bias.Value.Span[2] = -1;
        var x = Batch(5, 3, 4);
        var y = bn.Forward(x);
        for (int j = 0; j < 3; j++)
        {
            var column = Enumerable.Range(0, 5).Select(i => x[i * 3 + j]).ToArray();
            double mean = column.Average(), biased = column.Select(v => (v - mean) * (v - mean)).Sum() / 5, unbiased = biased * 5 / 4;
            double gamma = j == 1 ? 2 : 1, beta = j == 2 ? -1 : 0;
            for (int i = 0; i < 5; i++) Assert.Equal(gamma * (column[i] - mean) / Math.Sqrt(biased + 1e-5) + beta, y[i * 3 + j], 12);
            Assert.Equal(0.9 * 0 + 0.1 * mean, bn.RunningMean[j], 12);
            Assert.Equal(0.9 * 1 + 0.1 * unbiased, bn.RunningVar[j], 12);
        }
    }

    [Fact]
    public void Evaluation_uses_the_running_statistics_and_leaves_them_alone()
    {
        var bn = new BatchNorm1d<double>(2);
        bn.RunningMean.Span[0] = 0.5;
        bn.RunningVar.Span[1] = 4;
        var x = Batch(3, 2, 5);
        var y = bn.Forward(x);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((x[i * 2] - 0.5) / Math.Sqrt(1 + 1e-5), y[i * 2], 12);
            Assert.Equal(x[i * 2 + 1] / Math.Sqrt(4 + 1e-5), y[i * 2 + 1], 12);
        }
        Assert.Equal(0.5, bn.RunningMean[0]);
        Assert.Equal(4, bn.RunningVar[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_backward_pass_matches_finite_differences(bool training)
    {
        var bn = new BatchNorm1d<double>(4) { Training = training };
        new Prng(8).FillUniform(bn.Weight.Value.Span, 0.5, 1.5);
        new Prng(9).FillUniform(bn.Bias.Value.Span, -0.5, 0.5);
        new Prng(10).FillUniform(bn.RunningMean.Span, -0.5, 0.5);
        new Prng(11).FillUniform(bn.RunningVar.Span, 0.5, 2);
        double error = GradientCheck.Module(bn, Batch(6, 4, 7), 1e-6);
        Assert.True(error < 1e-7, $"relative error {error}");
    }
}
