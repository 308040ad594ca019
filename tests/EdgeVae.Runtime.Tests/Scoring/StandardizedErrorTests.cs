using EdgeVae.Runtime.Scoring;

namespace EdgeVae.Runtime.Tests.Scoring;

/// <summary>
/// The standardised score's every path (vector body and tail, with and without channel shares, each code width) is its
/// scalar definition bit for bit, and with mean 0 and weight 1 it is the plain reconstruction error's.
/// </summary>
public class StandardizedErrorTests
{
    /// <summary>The definition: d_i = (r_i − mean_i) · weight_i, eight partial sums by index mod 8, the contract's join, / n.</summary>
    private static float Definition(int n, Func<int, float> residual, float[] mean, float[] weight, float[]? channels = null)
    {
        var p = new float[8];
        if (channels != null) Array.Clear(channels);
        for (int i = 0; i < n; i++)
        {
            float d = (residual(i) - mean[i]) * weight[i];
            p[i % 8] += d * d;
            if (channels != null) channels[i % channels.Length] += d * d;
        }
        if (channels != null) for (int c = 0; c < channels.Length; c++) channels[c] /= n;
        return (((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]))) / n;
    }

    private static int Bits(float v) => BitConverter.SingleToInt32Bits(v);

    [Fact]
    public void Every_width_and_length_equals_the_definition_bitwise()
    {
        var rng = new Random(5);
        const float scale = 0.0237f;
        for (int n = 1; n <= 300; n += n < 40 ? 1 : 37)
        {
            float[] Floats(double lo, double hi) => Enumerable.Range(0, n).Select(_ => (float)(lo + rng.NextDouble() * (hi - lo))).ToArray();
            var target = Floats(-3, 3);
            var mean = Floats(-0.2, 0.2);
            var weight = Floats(0.5, 8);
            var f = Floats(-3, 3);
            var s8 = Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            var s16 = Enumerable.Range(0, n).Select(_ => (short)rng.Next(-32767, 32768)).ToArray();
            var expected = new float[3];
            var actual = new float[3];

            float d8 = Definition(n, i => scale * (s8[i] - -9) - target[i], mean, weight);
            Assert.Equal(Bits(d8), Bits(StandardizedError.MeanSquared(s8, scale, -9, target, mean, weight)));
            Definition(n, i => scale * (s8[i] - -9) - target[i], mean, weight, expected);
            Assert.Equal(Bits(d8), Bits(StandardizedError.MeanSquared(s8, scale, -9, target, mean, weight, actual)));
            Assert.Equal(expected, actual);

            float d16 = Definition(n, i => 1e-4f * s16[i] - target[i], mean, weight);
            Assert.Equal(Bits(d16), Bits(StandardizedError.MeanSquared(s16, 1e-4f, 0, target, mean, weight)));
            Assert.Equal(Bits(d16), Bits(StandardizedError.MeanSquared(s16, 1e-4f, 0, target, mean, weight, actual)));

            float df = Definition(n, i => f[i] - target[i], mean, weight);
            Assert.Equal(Bits(df), Bits(StandardizedError.MeanSquared(f, target, mean, weight)));
            Definition(n, i => f[i] - target[i], mean, weight, expected);
            Assert.Equal(Bits(df), Bits(StandardizedError.MeanSquared(f, target, mean, weight, actual)));
            Assert.Equal(expected, actual);

            // The residuals it standardises, scored against zeros, give the codes' score (what calibration relies on).
            var r = new float[n];
            StandardizedError.Residuals<sbyte>(s8, scale, -9, target, r);
            Assert.Equal(Bits(d8), Bits(StandardizedError.MeanSquared(r, new float[n], mean, weight)));
        }
    }

    [Fact]
    public void Mean_zero_and_weight_one_is_the_reconstruction_error_and_other_weights_are_not()
    {
        var rng = new Random(9);
        int n = 256;
        var target = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var codes = Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
        var zero = new float[n];
        var one = Enumerable.Repeat(1f, n).ToArray();
        Assert.Equal(Bits(ReconstructionError.MeanSquared(codes, 0.02f, 3, target)), Bits(StandardizedError.MeanSquared(codes, 0.02f, 3, target, zero, one)));
        var half = Enumerable.Repeat(0.5f, n).ToArray();
        Assert.Equal(ReconstructionError.MeanSquared(codes, 0.02f, 3, target) / 4, StandardizedError.MeanSquared(codes, 0.02f, 3, target, zero, half), 4);
    }

    [Fact]
    public void Arrays_of_other_lengths_are_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => StandardizedError.MeanSquared(new float[8], new float[8], new float[8], new float[7]));
        Assert.Contains("7 weights", e.Message);
    }
}
