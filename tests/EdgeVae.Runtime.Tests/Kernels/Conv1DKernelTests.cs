using EdgeVae.Contract;
using EdgeVae.Runtime.Kernels;

namespace EdgeVae.Runtime.Tests.Kernels;

/// <summary>
/// The convolution kernels against TensorFlow Lite's definition written out here (padding skipped, the input zero point
/// subtracted from every real input), and the packed int8 kernel against the reference on every instruction path.
/// </summary>
public class Conv1DKernelTests
{
    public static TheoryData<int, int, int, int, int, int, int> Geometries => new()
    {
        { 4, 64, 16, 5, 2, 1, 1 }, { 16, 32, 32, 5, 2, 1, 1 }, { 32, 32, 16, 5, 1, 1, 2 }, { 16, 64, 4, 5, 1, 1, 2 }, // the motor conv AE
        { 3, 11, 5, 3, 2, 2, 1 }, { 1, 7, 9, 1, 1, 1, 0 }, { 5, 13, 3, 4, 3, 1, 3 }, { 2, 9, 33, 3, 1, 3, 0 },
    };

    private static (sbyte[] X, sbyte[] W, long[] Bias, int[] Mult, int[] Shift, int InZp) Layer(Conv1DGeometry g, int seed)
    {
        var rng = new Random(seed);
        int inZp = rng.Next(-30, 30);
        var x = Enumerable.Range(0, g.InChannels * g.InLength).Select(_ => (sbyte)(rng.Next(6) == 0 ? -128 : rng.Next(-128, 128))).ToArray();
        var w = Enumerable.Range(0, g.OutChannels * g.FanIn).Select(_ => (sbyte)(rng.Next(6) == 0 ? 127 : rng.Next(-127, 128))).ToArray();
        var bias = Enumerable.Range(0, g.OutChannels).Select(_ => (long)rng.Next(-200_000, 200_000)).ToArray();
        var mult = new int[g.OutChannels];
        var shift = new int[g.OutChannels];
        for (int c = 0; c < g.OutChannels; c++) FixedPoint.QuantizeMultiplier(0.0002 + rng.NextDouble() * 0.004, out mult[c], out shift[c]);
        return (x, w, bias, mult, shift, inZp);
    }

    private static int OutLength(Conv1DGeometry g, int paddingRight) => (g.InLength + g.PaddingLeft + paddingRight - g.Dilation * (g.KernelSize - 1) - 1) / g.Stride + 1;

    /// <summary>TensorFlow Lite's reference: acc = b + Σ over real inputs of (x − zp)·w; the kernel's bias has −zp·Σw folded in.</summary>
    private static sbyte[] Definition(Conv1DGeometry g, int outLength, sbyte[] x, sbyte[] w, long[] bias, int[] mult, int[] shift, int inZp, int outZp, int min)
    {
        var y = new sbyte[g.OutChannels * outLength];
        for (int o = 0; o < g.OutChannels; o++)
            for (int j = 0; j < outLength; j++)
            {
                long acc = bias[o];
                for (int c = 0; c < g.InChannels; c++)
                    for (int t = 0; t < g.KernelSize; t++)
                    {
                        int idx = j * g.Stride - g.PaddingLeft + t * g.Dilation;
                        if (idx >= 0 && idx < g.InLength) acc += (x[c * g.InLength + idx] - inZp) * w[o * g.FanIn + c * g.KernelSize + t];
                    }
                y[o * outLength + j] = (sbyte)FixedPoint.Requantize((int)acc, mult[o], shift[o], outZp, min, 127);
            }
        return y;
    }

    private static long[] Folded(long[] bias, sbyte[] w, int fanIn, int inZp) =>
        bias.Select((b, o) => b - inZp * (long)w.Skip(o * fanIn).Take(fanIn).Sum(v => v)).ToArray();

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Int8_reference_and_packed_kernels_give_TensorFlow_Lites_codes_on_every_path(int inC, int inL, int outC, int k, int s, int d, int pl)
    {
        var g = new Conv1DGeometry(inC, inL, outC, k, s, d, pl);
        int pr = pl + 1, outLength = OutLength(g, pr);
        var (x, w, bias, mult, shift, inZp) = Layer(g, inC * 31 + inL * 7 + outC);
        var folded = Folded(bias, w, g.FanIn, inZp);
        var packed = PackedDenseLayout.PackWeights(w, outC, g.FanIn);
        var packedBias = PackedDenseLayout.PackBias(folded, w, outC, g.FanIn);
        var requantization = PackedDenseLayout.RequantizationInts(mult, shift, outC);
        foreach (var (outZp, min) in new[] { (-5, -128), (3, 3) })
        {
            var expected = Definition(g, outLength, x, w, bias, mult, shift, inZp, outZp, min);
            var reference = new sbyte[expected.Length];
            Conv1D.Int8(x, g, inZp, w, folded.Select(b => (int)b).ToArray(), mult, shift, outZp, min, 127, reference);
            Assert.Equal(expected, reference);
            foreach (var (path, avx512) in PackedKernelTests.Paths())
            {
                var fast = new sbyte[expected.Length];
                var scratch = new sbyte[Conv1D.Int8PackedScratchLength(inC, k, outC)];
                Conv1D.Int8PackedOn<Dense.AnyShape>(x, g, inZp, packed, packedBias, requantization, outZp, min, 127, fast, scratch, 0, -1, path, avx512);
                Assert.True(expected.SequenceEqual(fast), $"{path} (AVX-512 requantization {avx512}) differs from the definition for {g}");
            }
            // The public entry (best path) and a range of frames only: the rest of the output is left as it was.
            var partial = Enumerable.Repeat((sbyte)77, expected.Length).ToArray();
            int first = Math.Min(1, outLength - 1), end = Math.Max(first, outLength - 1);
            Conv1D.Int8Packed(x, g, inZp, packed, packedBias, requantization, outZp, min, 127, partial, new sbyte[Conv1D.Int8PackedScratchLength(inC, k, outC)], first, end);
            for (int o = 0; o < outC; o++)
                for (int j = 0; j < outLength; j++)
                    Assert.Equal(j >= first && j < end ? expected[o * outLength + j] : (sbyte)77, partial[o * outLength + j]);
        }
    }

    /// <summary>
    /// The float kernel's gathered patches (contiguous at dilation 1 inside the input, element by element at the edges
    /// and when dilated) and its fallback for receptive fields too large for the stack, frame ranges included.
    /// </summary>
    [Theory]
    [InlineData(4, 64, 16, 5, 1, 1, 2)]
    [InlineData(3, 20, 4, 3, 2, 2, 1)]
    [InlineData(2, 9, 3, 9, 1, 1, 4)]
    [InlineData(700, 8, 2, 7, 1, 1, 3)]
    public void Float32_kernel_follows_the_definition(int inChannels, int inLength, int outChannels, int kernel, int stride, int dilation, int padLeft)
    {
        var g = new Conv1DGeometry(inChannels, inLength, outChannels, kernel, stride, dilation, padLeft);
        int outLength = OutLength(g, padLeft);
        var rng = new Random(inChannels * 31 + kernel);
        var x = Enumerable.Range(0, inChannels * inLength).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var w = Enumerable.Range(0, outChannels * inChannels * kernel).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, outChannels).Select(_ => (float)rng.NextDouble()).ToArray();
        var y = new float[outChannels * outLength];
        Conv1D.Float32(x, g, w, b, y);
        var part = Enumerable.Repeat(77f, y.Length).ToArray();
        int first = outLength / 3, end = outLength - 1;
        Conv1D.Float32(x, g, w, b, part, first, end);
        for (int o = 0; o < outChannels; o++)
            for (int j = 0; j < outLength; j++)
            {
                double real = b[o], magnitude = Math.Abs(b[o]);
                for (int c = 0; c < inChannels; c++)
                    for (int t = 0; t < kernel; t++)
                    {
                        int idx = j * stride - padLeft + t * dilation;
                        if (idx < 0 || idx >= inLength) continue;
                        real += (double)x[c * inLength + idx] * w[(o * inChannels + c) * kernel + t];
                        magnitude += Math.Abs((double)x[c * inLength + idx] * w[(o * inChannels + c) * kernel + t]);
                    }
                Assert.True(Math.Abs(real - y[o * outLength + j]) <= 1e-6 * magnitude, $"o {o} j {j}: {y[o * outLength + j]} against {real}");
                Assert.Equal(j >= first && j < end ? y[o * outLength + j] : 77f, part[o * outLength + j]);
            }
    }

    [Fact]
    public void Int16_and_float32_kernels_follow_the_definition()
    {
        var g = new Conv1DGeometry(3, 11, 5, 3, 2, 2, 1);
        int outLength = OutLength(g, 2);
        var rng = new Random(5);
        var x16 = Enumerable.Range(0, 33).Select(_ => (short)rng.Next(-32767, 32768)).ToArray();
        var w = Enumerable.Range(0, 5 * 9).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
        var bias = Enumerable.Range(0, 5).Select(_ => (long)rng.Next(-1_000_000, 1_000_000)).ToArray();
        var mult = Enumerable.Repeat(1_300_000_000, 5).ToArray();
        var shift = Enumerable.Repeat(-12, 5).ToArray();
        var y16 = new short[5 * outLength];
        Conv1D.Int16(x16, g, w, bias, mult, shift, -32767, 32767, y16);
        var xf = x16.Select(v => v / 1000f).ToArray();
        var wf = w.Select(v => v / 100f).ToArray();
        var bf = bias.Select(v => v / 1e5f).ToArray();
        var yf = new float[5 * outLength];
        Conv1D.Float32(xf, g, wf, bf, yf);
        for (int o = 0; o < 5; o++)
            for (int j = 0; j < outLength; j++)
            {
                long acc = bias[o];
                double real = bf[o];
                for (int c = 0; c < 3; c++)
                    for (int t = 0; t < 3; t++)
                    {
                        int idx = j * 2 - 1 + t * 2;
                        if (idx < 0 || idx >= 11) continue;
                        acc += x16[c * 11 + idx] * w[o * 9 + c * 3 + t];
                        real += (double)xf[c * 11 + idx] * wf[o * 9 + c * 3 + t];
                    }
                Assert.Equal(Math.Clamp(FixedPoint.MultiplyByQuantizedMultiplier(acc, mult[o], shift[o]), -32767, 32767), y16[o * outLength + j]);
                Assert.True(Math.Abs(real - yf[o * outLength + j]) <= 1e-6 * Math.Max(1, Math.Abs(real)), $"{yf[o * outLength + j]} against {real}");
            }
    }

    [Fact]
    public void Transpose_and_upsample_move_values_where_the_definitions_say()
    {
        sbyte[] x = [1, 2, 3, 4, 5, 6];
        var t = new sbyte[6];
        Transpose.Matrix<sbyte>(x, 2, 3, t);
        Assert.Equal(new sbyte[] { 1, 4, 2, 5, 3, 6 }, t);
        var u = new short[12];
        Upsample.Nearest<short>(new short[] { 1, 2, 3, 4, 5, 6 }, 2, 2, u);
        Assert.Equal(new short[] { 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6 }, u);
        Assert.Throws<ArgumentException>(() => Upsample.Nearest<short>(new short[6], 4, 2, new short[12]));
        Assert.Throws<ArgumentException>(() => Transpose.Matrix<sbyte>(x, 4, 2, t));
    }

    /// <summary>The vector path of int8 upsampling by 2 (sixteen codes at a time) and the scalar remainder, beside other factors and types.</summary>
    [Theory]
    [InlineData(1, 2)]
    [InlineData(16, 2)]
    [InlineData(37, 2)]
    [InlineData(512, 2)]
    [InlineData(21, 3)]
    [InlineData(8, 1)]
    public void Upsample_repeats_every_value_factor_times(int n, int factor)
    {
        var rng = new Random(n * 7 + factor);
        var codes = Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
        var up = new sbyte[n * factor];
        Upsample.Nearest<sbyte>(codes, 1, factor, up);
        Assert.Equal(codes.SelectMany(v => Enumerable.Repeat(v, factor)), up);
        var floats = codes.Select(v => v / 7f).ToArray();
        var upFloats = new float[n * factor];
        Upsample.Nearest<float>(floats, 1, factor, upFloats);
        Assert.Equal(floats.SelectMany(v => Enumerable.Repeat(v, factor)), upFloats);
    }

    [Fact]
    public void Bad_geometry_is_refused_with_the_reason()
    {
        var g = new Conv1DGeometry(3, 11, 5, 3, 2, 2, 1);
        var e = Assert.Throws<ArgumentException>(() => Conv1D.Int8(new sbyte[30], g, 0, new sbyte[45], new int[5], new int[5], new int[5], 0, -128, 127, new sbyte[25]));
        Assert.Contains("the input must hold 3 × 11 values, not 30", e.Message);
    }
}
