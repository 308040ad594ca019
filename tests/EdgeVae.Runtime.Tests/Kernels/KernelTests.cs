using EdgeVae.Runtime.Kernels;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Tests.Kernels;

public class KernelTests
{
    [Fact]
    public void Int8_dot_product_is_exact_for_every_length_and_extreme_values()
    {
        var rng = new Random(5);
        for (int n = 0; n <= 300; n += n < 70 ? 1 : 23)
        {
            var a = new sbyte[n];
            var b = new sbyte[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = (sbyte)(rng.Next(4) == 0 ? -128 : rng.Next(-128, 128));
                b[i] = (sbyte)(rng.Next(4) == 0 ? -127 : rng.Next(-127, 128));
            }
            long expected = 0;
            for (int i = 0; i < n; i++) expected += a[i] * b[i];
            Assert.Equal(expected, Dense.Dot(a, b));
        }
    }

    [Fact]
    public void Int8_dense_requantizes_clamps_and_folds_the_input_zero_point()
    {
        // One output: Σ (q − zp)·w with zp = 3 folded into the bias, multiplier 0.5, output zero point −10, ReLU clamp at −10.
        sbyte[] x = [13, 3, -7];
        sbyte[] w = [2, 100, -1];
        int zp = 3;
        int bias = 4 - zp * (2 + 100 - 1);
        FixedPoint.QuantizeMultiplier(0.5, out int m, out int s);
        var y = new sbyte[1];
        Dense.Int8(x, w, [bias], [m], [s], -10, -10, 127, y);
        int acc = 4 + (13 - 3) * 2 + 0 * 100 + (-7 - 3) * -1; // = 34
        Assert.Equal(-10 + 17, y[0]);
        Assert.Equal(34, acc);
        Dense.Int8(x, [-2, -100, 1], [-bias], [m], [s], -10, -10, 127, y);
        Assert.Equal(-10, y[0]); // negative pre-activation clamped at the ReLU floor
        Assert.Throws<ArgumentException>(() => Dense.Int8(x, [1, 2], [0], [m], [s], 0, -128, 127, y));
    }

    [Theory]
    [InlineData(256, 64)]
    [InlineData(100, 7)]
    [InlineData(33, 9)]
    public void Int8_dense_of_any_shape_equals_the_scalar_definition(int k, int n)
    {
        var rng = new Random(k * 31 + n);
        var x = Enumerable.Range(0, k).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
        var w = Enumerable.Range(0, k * n).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
        var bias = Enumerable.Range(0, n).Select(_ => rng.Next(-100_000, 100_000)).ToArray();
        var mult = new int[n];
        var shift = new int[n];
        for (int c = 0; c < n; c++) FixedPoint.QuantizeMultiplier(0.0005 + rng.NextDouble() * 0.01, out mult[c], out shift[c]);
        var y = new sbyte[n];
        Dense.Int8(x, w, bias, mult, shift, -7, -128, 127, y);
        for (int c = 0; c < n; c++)
        {
            int acc = bias[c];
            for (int j = 0; j < k; j++) acc += x[j] * w[c * k + j];
            int q = Math.Clamp(-7 + FixedPoint.MultiplyByQuantizedMultiplier(acc, mult[c], shift[c]), -128, 127);
            Assert.Equal(q, y[c]);
        }
    }

    [Fact]
    public void Vector_quantization_equals_the_scalar_definition_including_ties_extremes_and_nan()
    {
        var rng = new Random(9);
        var x = Enumerable.Range(0, 1003).Select(i => i % 50 == 0 ? (i % 100 == 0 ? 2.5f * 0.02f : float.NaN)
            : i % 37 == 0 ? (i % 74 == 0 ? 1e30f : -1e30f) : (float)(rng.NextDouble() * 8 - 4)).ToArray();
        x[3] = -0f;
        x[5] = 0.03f; // exactly 1.5 steps of 0.02 in float arithmetic or close to it: a tie candidate
        foreach (int zp in new[] { -128, -1, 0, 37 })
        {
            var q = new sbyte[x.Length];
            Quantize.Int8(x, 0.02f, zp, q);
            for (int i = 0; i < x.Length; i++)
            {
                int expected = Math.Clamp(FixedPoint.RoundHalfAwayFromZero(x[i] / 0.02f) + zp, -128, 127);
                Assert.True(expected == q[i], $"x[{i}] = {x[i]:R}, zero point {zp}: scalar {expected}, kernel {q[i]}");
            }
        }
    }

    [Fact]
    public void Fused_normalisation_and_quantization_equals_the_two_steps()
    {
        var rng = new Random(12);
        for (int n = 1; n <= 90; n += n < 40 ? 1 : 7)
        {
            var x = Enumerable.Range(0, n).Select(i => i % 23 == 5 ? float.NaN : i % 29 == 3 ? 1e30f : (float)(rng.NextDouble() * 40 - 20)).ToArray();
            var offset = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
            var scale = Enumerable.Range(0, n).Select(_ => 0.1f + (float)rng.NextDouble()).ToArray();
            var (normalized, q) = (new float[n], new sbyte[n]);
            var (normalizedRef, qRef) = (new float[n], new sbyte[n]);
            Normalize.Int8(x, offset, scale, normalized, 0.05f, -7, q);
            Normalize.Float32(x, offset, scale, normalizedRef);
            Quantize.Int8(normalizedRef, 0.05f, -7, qRef);
            Assert.Equal(normalizedRef, normalized);
            Assert.Equal(qRef, q);
        }
        Assert.Throws<ArgumentException>(() => Normalize.Int8(new float[4], new float[3], new float[4], new float[4], 1f, 0, new sbyte[4]));
    }

    [Fact]
    public void Int16_table_interpolates_between_samples()
    {
        var table = new short[513];
        for (int i = 0; i < 513; i++) table[i] = (short)Math.Clamp(-32768 + 128 * i, -32767, 32767); // identity
        short[] v = [-32000, -1, 0, 1, 12345, 32000]; // the end samples are clamped to ±32767, so stay one segment inside
        var copy = (short[])v.Clone();
        Lookup.Int16(copy, table, copy);
        Assert.Equal(v, copy);
    }
}
