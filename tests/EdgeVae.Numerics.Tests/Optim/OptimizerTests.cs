using System.Numerics;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Losses;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Optim;
using EdgeVae.Numerics.Precision;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Contract;

namespace EdgeVae.Numerics.Tests.Optim;

public class OptimizerTests
{
    private static Parameter<double> Param(params double[] values) => new("p", Tensor<double>.FromArray(values));

    [Fact]
    public void Adam_follows_the_bias_corrected_update_rule()
    {
        var p = Param(1.0, -2.0);
        var adam = new Adam<double>([p], learningRate: 0.1);
        double[] g1 = [0.5, -3.0], g2 = [-1.0, 2.0];
        // Independent evaluation of the published rule.
        double[] theta = [1.0, -2.0], m = new double[2], v = new double[2];
        int t = 0;
        foreach (double[] g in new[] { g1, g2 })
        {
            g.CopyTo(p.Grad.Span);
            adam.Step();
            t++;
            for (int i = 0; i < 2; i++)
            {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(0.9, t)), vHat = v[i] / (1 - Math.Pow(0.999, t));
                theta[i] -= 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
            Assert.Equal(theta[0], p.Value[0], 12);
            Assert.Equal(theta[1], p.Value[1], 12);
        }
        // The first Adam step moves each coordinate by the learning rate against the gradient's sign.
        var q = Param(0.0);
        var first = new Adam<double>([q], learningRate: 0.01);
        q.Grad[0] = 123.0;
        first.Step();
        Assert.Equal(-0.01, q.Value[0], 9);
    }

    [Fact]
    public void AdamW_decays_weights_independently_of_the_gradient()
    {
        var p = Param(2.0);
        var adam = new Adam<double>([p], learningRate: 0.1, weightDecay: 0.5);
        adam.Step(); // zero gradient: only the decay acts, θ ← θ(1 − ηλ)
        Assert.Equal(2.0 * (1 - 0.05), p.Value[0], 12);
    }

    [Fact]
    public void Sgd_with_momentum_matches_pytorch_semantics()
    {
        var p = Param(1.0);
        var sgd = new Sgd<double>([p], learningRate: 0.1, momentum: 0.9);
        // v₁ = g₁ = 1 → θ = 0.9; v₂ = 0.9·1 + 2 = 2.9 → θ = 0.61.
        p.Grad[0] = 1.0;
        sgd.Step();
        Assert.Equal(0.9, p.Value[0], 12);
        p.Grad[0] = 2.0;
        sgd.Step();
        Assert.Equal(0.61, p.Value[0], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>([p], 0.1, momentum: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>([p], double.NaN));
    }

    [Fact]
    public void Clipping_scales_by_the_global_norm_and_reports_it()
    {
        var a = Param(0.0);
        var b = Param(0.0);
        a.Grad[0] = 3.0;
        b.Grad[0] = 4.0;
        double norm = GradientClipping.ClipNorm([a, b], 1.0);
        Assert.Equal(5.0, norm, 12);
        Assert.Equal(0.6, a.Grad[0], 5);
        Assert.Equal(0.8, b.Grad[0], 5);
        b.Grad[0] = double.NaN;
        Assert.True(double.IsNaN(GradientClipping.ClipNorm([a, b], 1.0)));
        a.Grad[0] = -7;
        GradientClipping.ClipValue([a], 2.0);
        Assert.Equal(-2.0, a.Grad[0]);
    }

    [Fact]
    public void Schedules_have_their_textbook_values()
    {
        var cosine = LearningRateSchedule.Cosine(1e-2, totalEpochs: 10, minimum: 1e-4);
        Assert.Equal(1e-2, cosine.At(0), 15);
        Assert.Equal((1e-2 + 1e-4) / 2, cosine.At(5), 15);
        Assert.Equal(1e-4, cosine.At(10), 15);
        var step = LearningRateSchedule.Step(1.0, stepSize: 3, gamma: 0.5);
        Assert.Equal([1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25], Enumerable.Range(0, 7).Select(step.At));
    }

    /// <summary>A 6-4-6 tanh autoencoder trained by Adam on fixed data; returns the loss after each step.</summary>
    private static List<double> TrainTinyAutoencoder<T>(int steps)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var random = new Prng(11);
        var model = new Sequential<T>(
            new Linear<T>(6, 4, random, Init.XavierUniform), new ActivationLayer<T>(ActivationFunction.Tanh),
            new Linear<T>(4, 6, random, Init.XavierUniform));
        var data = Tensor<T>.Zeros(16, 6);
        random.FillUniform(data.Span, -1, 1);
        var loss = new MSELoss<T>();
        var adam = new Adam<T>(model.Parameters(), learningRate: 1e-2);
        var trajectory = new List<double>();
        for (int s = 0; s < steps; s++)
        {
            adam.ZeroGrad();
            T value = loss.Forward(model.Forward(data), data);
            model.Backward(loss.Gradient);
            adam.Step();
            trajectory.Add(double.CreateChecked(value));
        }
        return trajectory;
    }

    [Fact]
    public void Training_reduces_the_loss()
    {
        List<double> losses = TrainTinyAutoencoder<double>(300);
        Assert.True(losses[^1] < losses[0] / 5, $"loss went from {losses[0]} to {losses[^1]}");
    }

    [Fact]
    public void Arbitrary_precision_training_follows_the_double_trajectory()
    {
        // Same seed, same code path: float64 and BigFloat(256) agree to ~1e-15 relative per step,
        // so over the first steps the trajectories must stay within 1e-10.
        List<double> reference = TrainTinyAutoencoder<double>(8);
        List<double> exact;
        using (BigFloat.UsePrecision(256)) exact = TrainTinyAutoencoder<BigFloat>(8);
        for (int i = 0; i < reference.Count; i++)
            Assert.True(Math.Abs(reference[i] - exact[i]) <= 1e-10 * exact[i], $"step {i}: double {reference[i]:R}, BigFloat {exact[i]:R}");
    }
}
