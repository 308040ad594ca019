using EdgeVae.Numerics.Precision;

namespace EdgeVae.Numerics.Tests.Precision;

/// <summary>
/// BigFloat's trigonometric functions are correctly rounded: at 53 bits they give the C library's (correctly rounded)
/// doubles, at any precision they equal their own result at far higher precision rounded down, exact cases are exact,
/// and the identities hold to an ulp.
/// </summary>
public class BigFloatTrigonometryTests
{
    private static double[] Arguments(int seed, int count)
    {
        var rng = new System.Random(seed);
        // Small, moderate, near multiples of π/2 and huge arguments: the reduction's hard cases.
        return Enumerable.Range(0, count).Select(i => (i % 4) switch
        {
            0 => (rng.NextDouble() * 2 - 1) * Math.Pow(2, -rng.Next(1, 60)),
            1 => (rng.NextDouble() * 2 - 1) * 8,
            2 => Math.PI / 2 * rng.Next(-50, 50) + (rng.NextDouble() - 0.5) * 1e-9,
            _ => (rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Next(3, 300)),
        }).ToArray();
    }

    private static double At53(Func<BigFloat, BigFloat> f, double x)
    {
        using var _ = BigFloat.UsePrecision(53);
        return f(BigFloat.FromDouble(x)).ToDouble();
    }

    /// <summary>
    /// The C library's double equals ours, or differs by one ulp where the true value lies so near the midpoint of the two
    /// that the library missed it: then the value at 600 bits must be nearer ours. Returns whether they differed.
    /// (Seen here: cos(3.618394468733293e190) = −0.99897424368960069385…, 5.5511e−17 from −0.9989742436896006 and
    /// 5.5512e−17 from −0.9989742436896007, by mpmath at 2000 bits; glibc gives the latter.)
    /// </summary>
    private static bool AssertCorrectlyRounded(Func<BigFloat, BigFloat> f, Func<double, double> library, double x)
    {
        double ours = At53(f, x), theirs = library(x);
        if (ours == theirs) return false;
        Assert.True(Math.BitIncrement(ours) == theirs || Math.BitDecrement(ours) == theirs, $"f({x:R}): ours {ours:R}, library {theirs:R}");
        using var _ = BigFloat.UsePrecision(600);
        var exact = f(BigFloat.FromDouble(x));
        Assert.True(BigFloat.Abs(exact - BigFloat.FromDouble(ours)) < BigFloat.Abs(exact - BigFloat.FromDouble(theirs)), $"f({x:R}): ours {ours:R} is not the nearer");
        return true;
    }

    [Fact]
    public void At_53_bits_sin_cos_and_tan_are_the_correctly_rounded_doubles()
    {
        int differing = 0;
        foreach (double x in Arguments(1, 600))
        {
            if (AssertCorrectlyRounded(BigFloat.Sin, Math.Sin, x)) differing++;
            if (AssertCorrectlyRounded(BigFloat.Cos, Math.Cos, x)) differing++;
            if (AssertCorrectlyRounded(BigFloat.Tan, Math.Tan, x)) differing++;
        }
        Assert.True(differing <= 3, $"{differing} of 1800 differ from the library");
        // The classic hard reduction (Ng, "Argument reduction for huge arguments").
        Assert.Equal(-0.8522008497671888, At53(BigFloat.Sin, 1e22));
    }

    [Fact]
    public void At_any_precision_the_result_is_the_higher_precision_result_rounded()
    {
        var args = Arguments(2, 120);
        foreach (int bits in new[] { 24, 100, 200 })
            foreach (double x in args)
                foreach (var f in new Func<BigFloat, BigFloat>[] { BigFloat.Sin, BigFloat.Cos, BigFloat.Tan, BigFloat.SinPi, BigFloat.CosPi })
                {
                    BigFloat v = BigFloat.FromDouble(x), low, high;
                    using (BigFloat.UsePrecision(bits)) low = f(v);
                    using (BigFloat.UsePrecision(bits + 300)) high = f(v);
                    Assert.Equal(high.RoundToPrecision(bits), low);
                }
    }

    [Fact]
    public void Inverse_functions_are_correctly_rounded_and_invert_the_forward_ones()
    {
        var rng = new System.Random(3);
        for (int i = 0; i < 300; i++)
        {
            double u = rng.NextDouble() * 2 - 1, t = Math.Tan((rng.NextDouble() - 0.5) * 3.1);
            // asin(−0.960034558530913) = −1.28712566703688613…: 1.10698e−16 from ours, 1.11347e−16 from glibc's (mpmath).
            AssertCorrectlyRounded(BigFloat.Atan, Math.Atan, t);
            AssertCorrectlyRounded(BigFloat.Asin, Math.Asin, u);
            AssertCorrectlyRounded(BigFloat.Acos, Math.Acos, u);
            foreach (var (f, x) in new (Func<BigFloat, BigFloat>, double)[] { (BigFloat.Atan, t), (BigFloat.Asin, u), (BigFloat.Acos, u), (BigFloat.AtanPi, t), (BigFloat.AcosPi, u) })
            {
                BigFloat v = BigFloat.FromDouble(x), low, high;
                using (BigFloat.UsePrecision(120)) low = f(v);
                using (BigFloat.UsePrecision(400)) high = f(v);
                Assert.Equal(high.RoundToPrecision(120), low);
            }
        }
    }

    [Fact]
    public void Exact_cases_are_exact_and_identities_hold()
    {
        using var _ = BigFloat.UsePrecision(128);
        BigFloat half = BigFloat.FromParts(1, -1), quarter = BigFloat.FromParts(1, -2);
        Assert.Equal(BigFloat.One, BigFloat.SinPi(half));
        Assert.Equal(BigFloat.Zero, BigFloat.SinPi(BigFloat.FromDouble(7)));
        Assert.Equal(BigFloat.NegativeOne, BigFloat.CosPi(BigFloat.FromDouble(-3)));
        Assert.Equal(BigFloat.Zero, BigFloat.CosPi(BigFloat.FromDouble(2.5)));
        Assert.Equal(BigFloat.One, BigFloat.TanPi(quarter));
        Assert.Equal(BigFloat.NegativeOne, BigFloat.TanPi(BigFloat.FromDouble(0.75)));
        Assert.True(BigFloat.IsPositiveInfinity(BigFloat.TanPi(half)));
        Assert.Equal(BigFloat.One, BigFloat.Cos(BigFloat.Zero));
        Assert.Equal(BigFloat.Zero, BigFloat.Sin(BigFloat.Zero));
        Assert.True(BigFloat.IsNaN(BigFloat.Sin(BigFloat.PositiveInfinity)));
        Assert.True(BigFloat.IsNaN(BigFloat.Asin(BigFloat.FromDouble(1.5))));
        Assert.Equal(quarter, BigFloat.AtanPi(BigFloat.One));
        Assert.Equal(half, BigFloat.AcosPi(BigFloat.Zero));
        Assert.Equal(BigFloat.One, BigFloat.AcosPi(BigFloat.NegativeOne));
        Assert.Equal(BigFloat.Pi, BigFloat.Acos(BigFloat.NegativeOne));
        Assert.Equal(BigFloat.Pi / BigFloat.FromDouble(2), BigFloat.Asin(BigFloat.One));
        Assert.Equal(BigFloat.Pi / BigFloat.FromDouble(4), BigFloat.Atan(BigFloat.One));

        var rng = new System.Random(4);
        for (int i = 0; i < 100; i++)
        {
            var x = BigFloat.FromDouble((rng.NextDouble() - 0.5) * 20);
            var (s, c) = BigFloat.SinCos(x);
            var one = s * s + c * c;
            // Each square and the sum round once: a few ulps of 1.
            Assert.True(BigFloat.Abs(one - BigFloat.One) <= BigFloat.FromParts(1, -124), $"sin² + cos² of {x} is {one}");
            // asin amplifies sin's rounding by 1/cos y (below 15 on |y| ≤ 1.5).
            var y = BigFloat.FromDouble(rng.NextDouble() * 3 - 1.5);
            Assert.True(BigFloat.Abs(BigFloat.Asin(BigFloat.Sin(y)) - y) <= BigFloat.FromParts(1, -120));
        }
    }

    [Fact]
    public void Sin_of_a_generic_argument_works_through_the_generic_constraint()
    {
        // A Hann window as the front-end will write it, once for every T: BigFloat meets the same constraint as double.
        static T Hann<T>(int n, int length) where T : System.Numerics.INumber<T>, System.Numerics.ITrigonometricFunctions<T> =>
            T.CreateChecked(0.5) - T.CreateChecked(0.5) * T.CosPi(T.CreateChecked(2 * n) / T.CreateChecked(length - 1));
        using var _ = BigFloat.UsePrecision(200);
        for (int n = 0; n < 64; n++) Assert.Equal(Hann<double>(n, 64), Hann<BigFloat>(n, 64).ToDouble(), 1e-15); // double rounds 2n/63 and its cosine
        Assert.Equal(BigFloat.One, Hann<BigFloat>(16, 33)); // the middle of an odd window: 1 exactly
    }
}
