using EdgeVae.Runtime.Kernels;
using EdgeVae.Runtime.Scoring;

namespace EdgeVae.Runtime.Tests.Scoring;

/// <summary>The vectorised score is the contract's scalar definition bit for bit, for every length (vector body and tail).</summary>
public class ReconstructionErrorTests
{
    /// <summary>The contract written out naively: eight partial sums by feature index mod 8, then the fixed join.</summary>
    private static float Definition(int n, Func<int, float> difference)
    {
        var p = new float[8];
        for (int i = 0; i < n; i++)
        {
            float d = difference(i);
            p[i % 8] += d * d;
        }
        return (((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]))) / n;
    }

    [Fact]
    public void Int8_int16_and_float_scores_equal_the_definition_bitwise()
    {
        var rng = new Random(3);
        for (int n = 1; n <= 300; n += n < 40 ? 1 : 37)
        {
            var target = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();
            var s8 = Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            var s16 = Enumerable.Range(0, n).Select(_ => (short)rng.Next(-32767, 32768)).ToArray();
            var f = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();
            const float scale = 0.0237f;
            Assert.Equal(BitConverter.SingleToInt32Bits(Definition(n, i => scale * (s8[i] - -9) - target[i])),
                BitConverter.SingleToInt32Bits(ReconstructionError.MeanSquared(s8, scale, -9, target)));
            Assert.Equal(BitConverter.SingleToInt32Bits(Definition(n, i => 1e-4f * s16[i] - target[i])),
                BitConverter.SingleToInt32Bits(ReconstructionError.MeanSquared(s16, 1e-4f, 0, target)));
            Assert.Equal(BitConverter.SingleToInt32Bits(Definition(n, i => f[i] - target[i])),
                BitConverter.SingleToInt32Bits(ReconstructionError.MeanSquared(f, target)));
        }
    }

    [Fact]
    public void The_order_differs_from_a_sequential_sum_so_the_bitwise_checks_can_fail()
    {
        // Rounding makes float addition order-dependent: over random windows the contract's order must sometimes
        // disagree with a plain running sum, or the bitwise comparisons above would not pin the order down.
        var rng = new Random(8);
        int differing = 0;
        for (int trial = 0; trial < 100; trial++)
        {
            var output = Enumerable.Range(0, 256).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            var target = new float[256];
            float sequential = 0;
            foreach (var v in output) sequential += v * v;
            float contract = ReconstructionError.MeanSquared(output, target);
            Assert.Equal(Definition(256, i => output[i]), contract);
            if (sequential / 256 != contract) differing++;
        }
        Assert.True(differing > 10, $"only {differing} of 100 windows differ");
    }

    [Fact]
    public void Mismatched_or_empty_windows_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ReconstructionError.MeanSquared(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => ReconstructionError.MeanSquared(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void Vector_normalisation_equals_the_scalar_one()
    {
        var rng = new Random(4);
        for (int n = 1; n <= 70; n++)
        {
            var x = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 100 - 50)).ToArray();
            var o = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
            var s = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 3)).ToArray();
            var y = new float[n];
            Normalize.Float32(x, o, s, y);
            for (int i = 0; i < n; i++) Assert.Equal((x[i] - o[i]) * s[i], y[i]);
        }
    }
}
