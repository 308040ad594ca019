using EdgeVae.Contract;
using EdgeVae.Numerics.Activations;

namespace EdgeVae.Numerics.Tests.Activations;

/// <summary>The ReLU family's backward pass: the vector path and the scalar remainder give the definition exactly.</summary>
public class ReluBackwardTests
{
    private static void Check<T>(Func<double, T> make) where T : System.Numerics.INumber<T>, System.Numerics.IExponentialFunctions<T>, System.Numerics.ILogarithmicFunctions<T>, System.Numerics.IHyperbolicFunctions<T>
    {
        var rng = new System.Random(5);
        foreach (int n in new[] { 1, 7, 8, 31, 64, 103 })
        {
            var x = Enumerable.Range(0, n).Select(i => make(i % 9 == 0 ? 0 : rng.NextDouble() * 2 - 1)).ToArray();
            // Gradients include NaN and infinities where the input is not positive: ReLU must still pass exactly 0 there.
            var dy = Enumerable.Range(0, n).Select(i => i % 5 == 0 && x[i] <= T.Zero ? make(i % 2 == 0 ? double.NaN : double.PositiveInfinity) : make(rng.NextDouble() * 4 - 2)).ToArray();
            var dx = new T[n];
            Activation.Backward<T>(ActivationFunction.Relu, x, x, dy, dx);
            for (int i = 0; i < n; i++) Assert.Equal(x[i] > T.Zero ? dy[i] : T.Zero, dx[i]);
            var finite = dy.Select(v => T.IsFinite(v) ? v : T.One).ToArray();
            Activation.Backward<T>(ActivationFunction.LeakyRelu, x, x, finite, dx, 0.01);
            T slope = T.CreateChecked(0.01);
            for (int i = 0; i < n; i++) Assert.Equal(x[i] > T.Zero ? finite[i] : slope * finite[i], dx[i]);
        }
    }

    [Fact]
    public void Float_double_and_half_follow_the_definition()
    {
        Check(v => (float)v);
        Check(v => v);
        Check(v => (Half)v);
    }
}
