using System.Runtime.Intrinsics;
using EdgeVae.Runtime.Kernels;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Tests.Kernels;

public class FixedPointTests
{
    [Fact]
    public void Requantization_matches_exact_rounding_of_the_real_product()
    {
        var rng = new Random(3);
        for (int i = 0; i < 20_000; i++)
        {
            double m = Math.Exp(rng.NextDouble() * 12 - 10); // 4.5e-5 … 7.4
            FixedPoint.QuantizeMultiplier(m, out int mantissa, out int shift);
            int x = rng.Next(-1 << 24, 1 << 24);
            int actual = FixedPoint.MultiplyByQuantizedMultiplier(x, mantissa, shift);
            double exact = x * (mantissa * Math.Pow(2, shift - 31));
            Assert.True(Math.Abs(actual - exact) <= 0.5 + 1e-9 * Math.Abs(exact) + 1, $"x={x} M={m}: {actual} vs {exact}");
            // The 64-bit accumulator version saturates to int32 first: inside int32 it is the same function.
            Assert.Equal(actual, FixedPoint.MultiplyByQuantizedMultiplier((long)x, mantissa, shift));
            long wide = (long)x * 300;
            int saturated = wide > int.MaxValue ? int.MaxValue : wide < int.MinValue ? int.MinValue : (int)wide;
            Assert.Equal(FixedPoint.MultiplyByQuantizedMultiplier(saturated, mantissa, shift), FixedPoint.MultiplyByQuantizedMultiplier(wide, mantissa, shift));
        }
    }

    [Fact]
    public void Known_values_of_TensorFlow_Lites_primitives()
    {
        // SRDHM(a, b) = round(a·b / 2^31), ties away from zero; saturates only for MinValue².
        Assert.Equal(int.MaxValue, FixedPoint.SaturatingRoundingDoublingHighMul(int.MinValue, int.MinValue));
        Assert.Equal(1, FixedPoint.SaturatingRoundingDoublingHighMul(1 << 30, 2));
        Assert.Equal(-1, FixedPoint.SaturatingRoundingDoublingHighMul(-(1 << 30), 2));
        // RDBPOT rounds half away from zero: 5/2 = 2.5 → 3, −5/2 → −3, 7/4 = 1.75 → 2, −6/4 = −1.5 → −2.
        Assert.Equal(3, FixedPoint.RoundingDivideByPowerOfTwo(5, 1));
        Assert.Equal(-3, FixedPoint.RoundingDivideByPowerOfTwo(-5, 1));
        Assert.Equal(2, FixedPoint.RoundingDivideByPowerOfTwo(7, 2));
        Assert.Equal(-2, FixedPoint.RoundingDivideByPowerOfTwo(-6, 2));
        FixedPoint.QuantizeMultiplier(0.5, out int m, out int s);
        Assert.Equal((1 << 30, 0), (m, s));
        FixedPoint.QuantizeMultiplier(3.0, out m, out s);
        Assert.Equal((3 << 29, 2), (m, s));
        Assert.Equal(51, FixedPoint.MultiplyByQuantizedMultiplier(17, m, s));
    }

    [Fact]
    public void Vector_requantization_equals_the_scalar_one_on_every_path_the_machine_has()
    {
        var x = new int[8];
        var m = new int[8];
        var s = new int[8];
        var paths = new List<(string Name, Func<int[]> Run)>();
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            paths.Add(("AVX2", () => Lanes(VectorFixedPoint.MultiplyByQuantizedMultiplierAvx2(Vector256.Create(x), Vector256.Create(m), Vector256.Create(s)))));
        if (System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported)
            paths.Add(("AVX-512", () => Lanes(VectorFixedPoint.MultiplyByQuantizedMultiplierAvx512(Vector256.Create(x), Vector256.Create(m), Vector256.Create(s)))));
        if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
            paths.Add(("NEON", () => [.. Lanes(VectorFixedPoint.MultiplyByQuantizedMultiplier(Vector128.Create(x[..4]), Vector128.Create(m[..4]), Vector128.Create(s[..4]))),
                .. Lanes(VectorFixedPoint.MultiplyByQuantizedMultiplier(Vector128.Create(x[4..]), Vector128.Create(m[4..]), Vector128.Create(s[4..])))]));
        Assert.NotEmpty(paths); // x64 has AVX2 (x86-64-v3), every Arm64 core has NEON: a machine with neither runs no vector path
        var rng = new Random(17);
        for (int t = 0; t < 50_000; t++)
        {
            for (int i = 0; i < 8; i++)
            {
                x[i] = rng.Next(4) switch { 0 => rng.Next(), 1 => -rng.Next(), 2 => rng.Next(-5000, 5000), _ => rng.Next(4) == 0 ? int.MinValue : int.MaxValue };
                m[i] = rng.Next(8) == 0 ? 0 : rng.Next(8) == 0 ? int.MaxValue : rng.Next(1 << 30, int.MaxValue);
                s[i] = rng.Next(-31, 6);
            }
            foreach (var (name, run) in paths)
            {
                var v = run();
                for (int i = 0; i < 8; i++)
                    Assert.True(FixedPoint.MultiplyByQuantizedMultiplier(x[i], m[i], s[i]) == v[i], $"{name}: x={x[i]} m={m[i]} s={s[i]}: scalar {FixedPoint.MultiplyByQuantizedMultiplier(x[i], m[i], s[i])}, vector {v[i]}");
            }
        }
    }

    private static int[] Lanes(Vector256<int> v) => [v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]];

    private static int[] Lanes(Vector128<int> v) => [v[0], v[1], v[2], v[3]];

    [Fact]
    public void Rounding_is_half_away_from_zero()
    {
        Assert.Equal(3, FixedPoint.RoundHalfAwayFromZero(2.5f));
        Assert.Equal(-3, FixedPoint.RoundHalfAwayFromZero(-2.5f));
        Assert.Equal(2, FixedPoint.RoundHalfAwayFromZero(2.4999998f));
        Assert.Equal(1 << 30, FixedPoint.RoundHalfAwayFromZero(1e20f)); // saturates with room for a zero point
        Assert.Equal(-(1 << 30), FixedPoint.RoundHalfAwayFromZero(float.NegativeInfinity));
        Assert.Equal(-8, FixedPoint.RoundHalfAwayFromZero(-7.5f));
        Assert.Equal(0, FixedPoint.RoundHalfAwayFromZero(float.NaN)); // NaN enters the integers as 0 on every target
    }
}
