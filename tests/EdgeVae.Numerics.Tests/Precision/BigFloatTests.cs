using System.Numerics;
using EdgeVae.Numerics.Precision;

namespace EdgeVae.Numerics.Tests.Precision;

public class BigFloatTests
{
    // Reference digits from Python's decimal module (e, ln 2) and Machin's formula in exact integers (π).
    private const string E110 = "2.71828182845904523536028747135266249775724709369995957496696762772407663035354759457138217852516642742746639193";
    private const string Pi110 = "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651";
    private const string Ln2110 = "0.69314718055994530941723212145817656807550013436025525412068000949339362196969471560586332699641868754200148102";

    /// <summary>The first <paramref name="digits"/> significant digits of a reference, rounded half up at the next digit.</summary>
    private static string RoundedDigits(string reference, int digits)
    {
        string all = reference.Replace(".", "").TrimStart('0');
        var value = BigInteger.Parse(all[..(digits + 1)]);
        BigInteger rounded = (value + 5) / 10;
        return rounded.ToString();
    }

    private static string Digits(BigFloat x, int digits)
    {
        string s = x.ToScientific(digits);
        return s[..s.IndexOf('E')].Replace(".", "").TrimStart('-');
    }

    [Theory]
    [InlineData(400)]
    [InlineData(1024)]
    public void E_Pi_and_Ln2_have_100_correct_digits(int bits)
    {
        using var _ = BigFloat.UsePrecision(bits);
        Assert.Equal(RoundedDigits(E110, 100), Digits(BigFloat.E, 100));
        Assert.Equal(RoundedDigits(Pi110, 100), Digits(BigFloat.Pi, 100));
        Assert.Equal(RoundedDigits(Ln2110, 100), Digits(BigFloat.Log(2), 100));
        Assert.Equal(RoundedDigits(Ln2110, 100), Digits(BigFloat.Ln2, 100));
    }

    [Fact]
    public void Pi_to_100_digits_starts_as_expected()
    {
        using var _ = BigFloat.UsePrecision(400);
        Assert.StartsWith("3.14159265358979323846264338327950288419716939937510", BigFloat.Pi.ToScientific(100));
    }

    private static BigFloat RandomValue(System.Random r, int bits, int exponentRange)
    {
        // A full-precision mantissa and a spread of exponents.
        var bytes = new byte[(bits + 7) / 8 + 1];
        r.NextBytes(bytes);
        bytes[^1] = 0;
        var m = new BigInteger(bytes) | (BigInteger.One << (bits - 1));
        m >>= (int)(m.GetBitLength() - bits);
        int e = r.Next(-exponentRange, exponentRange + 1) - bits;
        var x = BigFloat.FromParts(r.Next(2) == 0 ? m : -m, e);
        return x;
    }

    private static BigFloat AbsDiff(BigFloat a, BigFloat b)
    {
        using var _ = BigFloat.UsePrecision(BigFloat.MaxPrecision);
        return BigFloat.Abs(a - b);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(1024)]
    public void Product_divided_by_factor_returns_within_one_ulp(int bits)
    {
        var r = new System.Random(bits);
        using var _ = BigFloat.UsePrecision(bits);
        for (int i = 0; i < 300; i++)
        {
            BigFloat a = RandomValue(r, bits, 200), b = RandomValue(r, bits, 200);
            BigFloat back = a * b / b;
            Assert.True(AbsDiff(back, a) <= a.Ulp(bits), $"(a·b)/b = {back} differs from a = {a} by more than an ulp");
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void Exp_of_log_returns_within_one_ulp(int bits)
    {
        // The intermediate log carries 16 guard bits: exp has condition number |ln x|, which a
        // p-bit intermediate would spend as several ulps of the result whatever the functions' accuracy.
        var r = new System.Random(bits + 1);
        for (int i = 0; i < 60; i++)
        {
            BigFloat x;
            using (BigFloat.UsePrecision(bits)) x = BigFloat.Abs(RandomValue(r, bits, 40));
            BigFloat y;
            using (BigFloat.UsePrecision(bits + 16)) y = BigFloat.Log(x);
            BigFloat back;
            using (BigFloat.UsePrecision(bits)) back = BigFloat.Exp(y);
            Assert.True(AbsDiff(back, x) <= x.Ulp(bits), $"exp(log({x})) = {back}");
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(200)]
    public void Log_of_exp_returns_within_one_ulp_for_moderate_arguments(int bits)
    {
        var r = new System.Random(bits + 2);
        for (int i = 0; i < 60; i++)
        {
            BigFloat x;
            using (BigFloat.UsePrecision(bits)) x = RandomValue(r, bits, 3);
            BigFloat y;
            using (BigFloat.UsePrecision(bits + 16)) y = BigFloat.Exp(x);
            BigFloat back;
            using (BigFloat.UsePrecision(bits)) back = BigFloat.Log(y);
            Assert.True(AbsDiff(back, x) <= x.Ulp(bits), $"log(exp({x})) = {back}");
        }
    }

    [Fact]
    public void Division_and_square_root_are_correctly_rounded()
    {
        const int bits = 100;
        var r = new System.Random(7);
        for (int i = 0; i < 300; i++)
        {
            BigFloat a, b, q, s;
            using (BigFloat.UsePrecision(bits))
            {
                a = RandomValue(r, bits, 50);
                b = RandomValue(r, bits, 50);
                q = a / b;
                s = BigFloat.Sqrt(BigFloat.Abs(a));
            }
            using var _ = BigFloat.UsePrecision(BigFloat.MaxPrecision);
            BigFloat halfUlpQ = q.Ulp(bits) * BigFloat.FromParts(1, -1), halfUlpS = s.Ulp(bits) * BigFloat.FromParts(1, -1);
            // Correct rounding: the exact quotient lies within half an ulp of q (|q·b − a| ≤ ½ulp·|b|).
            Assert.True(BigFloat.Abs(q * b - a) <= halfUlpQ * BigFloat.Abs(b), $"{a}/{b} = {q} is not correctly rounded");
            Assert.True((s - halfUlpS) * (s - halfUlpS) <= BigFloat.Abs(a) && BigFloat.Abs(a) <= (s + halfUlpS) * (s + halfUlpS),
                $"√{a} = {s} is not correctly rounded");
        }
    }

    [Fact]
    public void Addition_rounds_half_to_even_and_keeps_far_smaller_addends_as_tie_breakers()
    {
        using var _ = BigFloat.UsePrecision(8);
        // 256 + 1 is halfway between 256 and 258 at 8 bits: ties go to the even mantissa (256).
        Assert.Equal(BigFloat.FromParts(256, 0), BigFloat.FromParts(256, 0) + BigFloat.FromParts(1, 0));
        // 256 + 1 + 2^-1000 is just above the tie: 258.
        BigFloat justAbove = BigFloat.FromParts((BigInteger.One << 1000) + 1, -1000);
        Assert.Equal(BigFloat.FromParts(258, 0), BigFloat.FromParts(256, 0) + justAbove);
        // A huge exponent gap still decides direction: 1 − 2^-10^6 rounds to 1 at 8 bits.
        Assert.Equal(BigFloat.One, BigFloat.One - BigFloat.FromParts(1, -1_000_000));
    }

    [Fact]
    public void Round_trips_every_kind_of_double_exactly()
    {
        var r = new System.Random(3);
        var specials = new[] { 0.0, 1.0, -1.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
            2.2250738585072014E-308, 2.2250738585072009E-308, 0.1, Math.PI, 1e-300, 1e300 };
        foreach (double d in specials) Assert.Equal(d, BigFloat.FromDouble(d).ToDouble());
        for (int i = 0; i < 10_000; i++)
        {
            double d = BitConverter.Int64BitsToDouble((long)(r.NextInt64() & 0x7FEFFFFFFFFFFFFF) * (r.Next(2) * 2 - 1));
            Assert.Equal(d, BigFloat.FromDouble(d).ToDouble());
            Assert.Equal((float)d, BigFloat.FromDouble(d).ToSingle());
            Assert.Equal((Half)d, BigFloat.FromDouble(d).ToHalf());
        }
        Assert.True(double.IsNaN(BigFloat.FromDouble(double.NaN).ToDouble()));
        Assert.Equal(double.PositiveInfinity, BigFloat.FromDouble(double.PositiveInfinity).ToDouble());
    }

    [Fact]
    public void Conversion_to_double_rounds_once_half_to_even()
    {
        // 1 + 2^-53 is the midpoint between 1 and the next double: ties to even give 1.
        Assert.Equal(1.0, BigFloat.FromParts((BigInteger.One << 53) + 1, -53).ToDouble());
        // Just above the midpoint rounds up.
        Assert.Equal(1.0 + Math.ScaleB(1, -52), BigFloat.FromParts((BigInteger.One << 60) + (BigInteger.One << 7) + 1, -60).ToDouble());
        // Below half the smallest subnormal is zero; above it is the smallest subnormal.
        Assert.Equal(0.0, BigFloat.FromParts(1, -1075).ToDouble());
        Assert.Equal(double.Epsilon, BigFloat.FromParts(3, -1076).ToDouble());
    }

    [Fact]
    public void Functions_agree_with_double_where_double_is_exact_enough()
    {
        using var _ = BigFloat.UsePrecision(128);
        foreach (double x in new[] { -30.0, -2.5, -0.3, -1e-9, 1e-12, 0.5, 1.0, 3.7, 19.0 })
        {
            Assert.Equal(Math.Exp(x), BigFloat.Exp(x).ToDouble(), 15);
            Assert.Equal(Math.Tanh(x), BigFloat.Tanh(x).ToDouble(), 15);
            Assert.Equal(1 / (1 + Math.Exp(-x)), BigFloat.Sigmoid(x).ToDouble(), 15);
            Assert.Equal(Math.Sinh(x) / Math.Sinh(x), (BigFloat.Sinh(x) / Math.Sinh(x)).ToDouble(), 14);
            if (x > 0)
            {
                Assert.Equal(Math.Log(x), BigFloat.Log(x).ToDouble(), 15);
                Assert.Equal(Math.Sqrt(x), BigFloat.Sqrt(x).ToDouble());
                Assert.True(Math.Abs(Math.Cbrt(x) - BigFloat.Cbrt(x).ToDouble()) <= 4e-16 * Math.Cbrt(x)); // libm's cbrt may be an ulp off
            }
        }
        Assert.Equal(2.66840164872194486733962737197, BigFloat.Cbrt(19).ToDouble()); // correctly rounded, from decimal arithmetic
        // Tiny arguments keep their relative accuracy.
        Assert.Equal(1.0, BigFloat.ExpM1(1e-30).ToDouble() / 1e-30, 15);
        Assert.Equal(1.0, (BigFloat.LogP1(BigFloat.FromParts(1, -200)) / BigFloat.FromParts(1, -200)).ToDouble(), 15);
        Assert.Equal(1.0, (BigFloat.Tanh(BigFloat.FromParts(1, -300)) / BigFloat.FromParts(1, -300)).ToDouble(), 15);
    }

    [Fact]
    public void Special_values_follow_ieee_rules()
    {
        using var _ = BigFloat.UsePrecision(64);
        Assert.True(BigFloat.IsNaN(BigFloat.Log(-1)));
        Assert.True(BigFloat.IsNegativeInfinity(BigFloat.Log(0)));
        Assert.True(BigFloat.IsPositiveInfinity(BigFloat.One / BigFloat.Zero));
        Assert.True(BigFloat.IsNaN(BigFloat.Zero / BigFloat.Zero));
        Assert.Equal(BigFloat.Zero, BigFloat.Exp(BigFloat.NegativeInfinity));
        Assert.False(BigFloat.NaN == BigFloat.NaN);
        Assert.True(BigFloat.NegativeInfinity < BigFloat.FromDouble(-1e300));
        Assert.True(BigFloat.IsPositiveInfinity(BigFloat.Exp(1e12)));
    }

    [Fact]
    public void Parses_and_prints_decimal_text()
    {
        using var _ = BigFloat.UsePrecision(200);
        Assert.Equal(0.1, BigFloat.Parse("0.1").ToDouble());
        Assert.Equal(-1.25e-3, BigFloat.Parse("-1.25e-3").ToDouble());
        Assert.Equal("1.00000000000000000000E-1", BigFloat.Parse("0.1").ToScientific(21));
        Assert.Equal(BigFloat.Parse("1e-5"), BigFloat.Parse("0.00001"));
        var error = Assert.Throws<FormatException>(() => BigFloat.Parse("1.2.3"));
        Assert.Contains("1.2.3", error.Message);
    }

    [Fact]
    public void Generic_math_creates_and_converts_values()
    {
        using var _ = BigFloat.UsePrecision(80);
        Assert.Equal(BigFloat.FromDouble(0.75), Create<BigFloat>(0.75));
        Assert.Equal(0.75, double.CreateChecked(BigFloat.FromDouble(0.75)));
        Assert.Equal(3, int.CreateChecked(BigFloat.FromDouble(3.9)));
        Assert.Equal(BigFloat.FromParts(1, -1), BigFloat.One / (BigFloat.One + BigFloat.One));
    }

    private static T Create<T>(double value) where T : INumberBase<T> => T.CreateChecked(value);

    [Fact]
    public void Precision_scopes_nest_and_restore()
    {
        int outer = BigFloat.Precision;
        using (BigFloat.UsePrecision(100))
        {
            Assert.Equal(100, BigFloat.Precision);
            using (BigFloat.UsePrecision(300)) Assert.Equal(300, BigFloat.Precision);
            Assert.Equal(100, BigFloat.Precision);
        }
        Assert.Equal(outer, BigFloat.Precision);
        Assert.Throws<ArgumentOutOfRangeException>(() => BigFloat.UsePrecision(2));
    }
}
