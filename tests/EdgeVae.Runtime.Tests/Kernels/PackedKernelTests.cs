using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using EdgeVae.Runtime.Kernels;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Tests.Kernels;

/// <summary>The packed int8 layer gives the plain layer's codes exactly, on every instruction path and shape.</summary>
public class PackedKernelTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        { 256, 64 }, { 64, 8 }, { 8, 64 }, { 64, 256 }, // the motor model's layers
        { 784, 24 }, { 1, 1 }, { 3, 5 }, { 5, 3 }, { 33, 9 }, { 100, 7 }, { 7, 130 }, { 130, 17 },
    };

    private static (sbyte[] X, sbyte[] W, long[] Bias, int[] Mult, int[] Shift) Layer(int k, int n, int seed)
    {
        var rng = new Random(seed);
        // Extremes on purpose: −128 inputs and ±127 weights make the largest products and the widest folded bias.
        var x = Enumerable.Range(0, k).Select(_ => (sbyte)(rng.Next(5) == 0 ? -128 : rng.Next(5) == 0 ? 127 : rng.Next(-128, 128))).ToArray();
        var w = Enumerable.Range(0, k * n).Select(_ => (sbyte)(rng.Next(6) == 0 ? -127 : rng.Next(6) == 0 ? 127 : rng.Next(-127, 128))).ToArray();
        var bias = Enumerable.Range(0, n).Select(_ => (long)rng.Next(-2_000_000, 2_000_000)).ToArray();
        var mult = new int[n];
        var shift = new int[n];
        for (int c = 0; c < n; c++) FixedPoint.QuantizeMultiplier(0.00005 + rng.NextDouble() * 0.002, out mult[c], out shift[c]);
        return (x, w, bias, mult, shift);
    }

    /// <summary>
    /// Every product path the machine has, each with AVX2's and (where present) AVX-512's requantization on x86; on
    /// Arm64 the widening path always and SDOT where the core has it (under qemu: -cpu cortex-a72 and cortex-a76).
    /// </summary>
    internal static List<(Dense.DotPath Path, bool Avx512)> Paths()
    {
        var paths = new List<(Dense.DotPath, bool)> { (Dense.DotPath.Scalar, false) };
        foreach (bool wide in Avx512F.VL.IsSupported ? new[] { false, true } : new[] { false })
        {
            if (Avx2.IsSupported) paths.Add((Dense.DotPath.Avx2, wide));
            if (AvxVnni.IsSupported) paths.Add((Dense.DotPath.Vnni, wide));
        }
        if (AdvSimd.Arm64.IsSupported) paths.Add((Dense.DotPath.Neon, false));
        if (Dp.IsSupported) paths.Add((Dense.DotPath.Sdot, false));
        return paths;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Packed_dense_equals_the_plain_dense_code_for_code_on_every_path(int k, int n)
    {
        var (x, w, bias, mult, shift) = Layer(k, n, k * 17 + n);
        var packed = PackedDenseLayout.PackWeights(w, n, k);
        var folded = PackedDenseLayout.PackBias(bias, w, n, k);
        foreach (var (zp, min) in new[] { (-7, -128), (-128, -128), (12, 12) }) // no clamp, a ReLU at the zero point
        {
            var plain = new sbyte[n];
            Dense.Int8(x, w, bias.Select(b => (int)b).ToArray(), mult, shift, zp, min, 127, plain);
            foreach (var path in Paths())
            {
                var fast = new sbyte[n];
                Dense.Int8Packed<Dense.AnyShape>(x, packed, folded, PackedDenseLayout.RequantizationInts(mult, shift, n), zp, min, 127, fast, path.Path, path.Avx512);
                int first = plain.Zip(fast).TakeWhile(p => p.First == p.Second).Count();
                Assert.True(first == n, $"{path}, {k}→{n}, zero point {zp}: output {first} differs");
            }
        }
    }

    [Fact]
    public void Unsaturated_outputs_show_every_sum_exactly()
    {
        // Multiplier 1 (mantissa 2^30, shift 1) and small values keep every output inside int8, so a single wrong
        // product shows as a wrong code; 75 outputs cover a pass of eight blocks, a pair, a lone block and a partial one.
        int k = 37, n = 75;
        var rng = new Random(2);
        var x = Enumerable.Range(0, k).Select(_ => (sbyte)rng.Next(-3, 4)).ToArray();
        var w = Enumerable.Range(0, k * n).Select(_ => (sbyte)rng.Next(-1, 2)).ToArray();
        var bias = Enumerable.Range(0, n).Select(c => (long)rng.Next(-5, 6)).ToArray();
        var expected = new sbyte[n];
        for (int c = 0; c < n; c++)
        {
            long acc = bias[c];
            for (int j = 0; j < k; j++) acc += x[j] * w[c * k + j];
            Assert.InRange(acc, -128, 127);
            expected[c] = (sbyte)acc;
        }
        var ones = Enumerable.Repeat(1, n).ToArray();
        foreach (var path in Paths())
        {
            var y = new sbyte[n];
            Dense.Int8Packed<Dense.AnyShape>(x, PackedDenseLayout.PackWeights(w, n, k), PackedDenseLayout.PackBias(bias, w, n, k),
                PackedDenseLayout.RequantizationInts(Enumerable.Repeat(1 << 30, n).ToArray(), ones, n), 0, -128, 127, y, path.Path, path.Avx512);
            Assert.Equal(expected, y);
        }
    }

    [Fact]
    public void One_rounding_from_precomputed_constants_equals_TensorFlow_Lites_two()
    {
        // Random accumulators (extremes included), mantissas as the quantizer makes them and every shift it can give.
        var rng = new Random(23);
        for (int t = 0; t < 200_000; t++)
        {
            int acc = rng.Next(5) switch { 0 => rng.Next(), 1 => -rng.Next(), 2 => rng.Next(-70_000, 70_000), 3 => rng.Next(-300, 300), _ => rng.Next(2) == 0 ? int.MinValue : int.MaxValue };
            int m = rng.Next(10) == 0 ? 0 : rng.Next(1 << 30, int.MaxValue);
            int shift = rng.Next(-31, 6);
            // The output sits in a random lane of the block so every byte row position is exercised.
            int lane = rng.Next(8);
            var mantissas = new int[8];
            var shifts = new int[8];
            mantissas[lane] = m;
            shifts[lane] = shift;
            var ints = PackedDenseLayout.RequantizationInts(mantissas, shifts, 8);
            Assert.True(FixedPoint.MultiplyByQuantizedMultiplier(acc, m, shift) == Dense.Requantize(acc, ints, lane),
                $"acc {acc}, mantissa {m}, shift {shift}: TensorFlow Lite {FixedPoint.MultiplyByQuantizedMultiplier(acc, m, shift)}, packed {Dense.Requantize(acc, ints, lane)}");
        }
    }

    [Fact]
    public void Every_path_requantizes_like_TensorFlow_Lite_for_every_shift()
    {
        // Zero weights make each accumulator its bias, so chosen accumulators meet chosen multipliers and shifts
        // (left shifts, r = 0 and deep right shifts included) with results inside int8, where a rounding slip would show.
        var rng = new Random(31);
        const int k = 4, n = 64;
        var x = new sbyte[k];
        var w = new sbyte[k * n];
        var packed = PackedDenseLayout.PackWeights(w, n, k);
        for (int trial = 0; trial < 1000; trial++)
        {
            var acc = new long[n];
            var m = new int[n];
            var shift = new int[n];
            var expected = new sbyte[n];
            for (int c = 0; c < n; c++)
            {
                m[c] = rng.Next(20) == 0 ? 0 : rng.Next(1 << 30, int.MaxValue);
                shift[c] = rng.Next(-31, 4);
                double real = m[c] / 2147483648.0 * Math.Pow(2, shift[c]);
                double target = rng.Next(-140, 140) + (rng.Next(4) == 0 ? 0.5 : rng.NextDouble());
                acc[c] = real == 0 ? rng.Next() : (long)Math.Clamp(Math.Round(target / real) + rng.Next(-2, 3), int.MinValue, int.MaxValue);
                expected[c] = (sbyte)Math.Clamp(FixedPoint.MultiplyByQuantizedMultiplier((int)acc[c], m[c], shift[c]), -128, 127);
            }
            var bias = PackedDenseLayout.PackBias(acc, w, n, k);
            var requantization = PackedDenseLayout.RequantizationInts(m, shift, n);
            foreach (var path in Paths())
            {
                var y = new sbyte[n];
                Dense.Int8Packed<Dense.AnyShape>(x, packed, bias, requantization, 0, -128, 127, y, path.Path, path.Avx512);
                Assert.True(expected.SequenceEqual(y), $"{path}, trial {trial}: first difference at output {expected.Zip(y).TakeWhile(p => p.First == p.Second).Count()}");
            }
        }
    }

    private readonly struct Motor256To64 : IDenseShape
    {
        public static int Inputs => 256;
        public static int Outputs => 64;
    }

    private readonly struct Odd37To75 : IDenseShape
    {
        public static int Inputs => 37;
        public static int Outputs => 75;
    }

    private static void AssertShapedEqualsUnshaped<TShape>() where TShape : struct, IDenseShape
    {
        int k = TShape.Inputs, n = TShape.Outputs;
        var (x, w, bias, mult, shift) = Layer(k, n, 99 + k);
        var packed = PackedDenseLayout.PackWeights(w, n, k);
        var folded = PackedDenseLayout.PackBias(bias, w, n, k);
        var requantization = PackedDenseLayout.RequantizationInts(mult, shift, n);
        var plain = new sbyte[n];
        Dense.Int8(x, w, bias.Select(b => (int)b).ToArray(), mult, shift, -3, -3, 127, plain);
        foreach (var path in Paths())
        {
            var shaped = new sbyte[n];
            Dense.Int8Packed<TShape>(x, packed, folded, requantization, -3, -3, 127, shaped, path.Path, path.Avx512);
            Assert.True(plain.SequenceEqual(shaped), $"{path}, {k}→{n}: output {plain.Zip(shaped).TakeWhile(p => p.First == p.Second).Count()} differs");
        }
        var public_ = new sbyte[n];
        Dense.Int8Packed<TShape>(x, packed, folded, requantization, -3, -3, 127, public_);
        Assert.Equal(plain, public_);
    }

    [Fact]
    public void Kernels_compiled_for_a_known_shape_give_the_same_codes()
    {
        AssertShapedEqualsUnshaped<Motor256To64>();
        AssertShapedEqualsUnshaped<Odd37To75>(); // a partial group of inputs and a partial block of outputs
        var ex = Assert.Throws<ArgumentException>(() => Dense.Int8Packed<Motor256To64>(new sbyte[255], new sbyte[16384], new int[64], new int[112], 0, -128, 127, new sbyte[64]));
        Assert.Contains("256 inputs to 64 outputs, not 255 to 64", ex.Message);
    }

    [Fact]
    public void Wrong_sizes_are_refused_with_the_expected_length()
    {
        var ex = Assert.Throws<ArgumentException>(() => Dense.Int8Packed(new sbyte[10], new sbyte[64], new int[8], new int[14], 0, -128, 127, new sbyte[8]));
        Assert.Contains("96 expected", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Dense.Int8Packed(new sbyte[4], new sbyte[64], new int[16], new int[14], 0, -128, 127, new sbyte[9]));
        Assert.Contains("28 requantization ints", ex.Message);
    }
}
