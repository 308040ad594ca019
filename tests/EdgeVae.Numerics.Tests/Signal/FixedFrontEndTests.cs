using EdgeVae.Contract;

namespace EdgeVae.Numerics.Tests.Signal;

/// <summary>The front-end's fixed-point primitives against exact arithmetic: tables, square root, filter bank, decibels.</summary>
public class FixedFrontEndTests
{
    [Fact]
    public void The_log2_table_is_log2_of_one_plus_i_over_256_rounded_to_q16()
    {
        var table = LogTables.Log2Q16();
        Assert.Equal(257, table.Length);
        Assert.Equal(0, table[0]);
        Assert.Equal(65536, table[256]);
        // Double carries 53 bits; no entry is within 2^-30 of a rounding midpoint, so Math.Round of the double is exact.
        for (int i = 0; i <= 256; i++)
        {
            double exact = Math.Log2(1 + i / 256.0) * 65536;
            Assert.True(Math.Abs(exact - Math.Floor(exact) - 0.5) > 1e-6, $"entry {i} is near a midpoint");
            Assert.Equal((int)Math.Round(exact), table[i]);
        }
        Assert.Equal((int)Math.Round(10 * Math.Log10(2) * (1 << 24)), LogTables.DecibelsPerOctaveQ24());
    }

    [Fact]
    public void The_square_root_is_the_floor_of_the_exact_one()
    {
        var rng = new System.Random(11);
        var values = new List<long> { 0, 1, 2, 3, 4, 15, 16, 17, (1L << 62) - 1, (1L << 60), 999_999_999_999 };
        for (int i = 0; i < 5000; i++) values.Add((long)(rng.NextDouble() * (1L << 62)) >> rng.Next(0, 60));
        foreach (long v in values)
        {
            long r = FixedFrontEnd.SquareRoot(v);
            Assert.True(r * r <= v && (r + 1) * (r + 1) > v, $"√{v} gave {r}");
        }
    }

    [Fact]
    public void Decibels_are_within_a_q8_step_of_the_exact_value_and_floored()
    {
        var table = LogTables.Log2Q16();
        int k = LogTables.DecibelsPerOctaveQ24();
        var rng = new System.Random(5);
        var values = Enumerable.Range(0, 4000).Select(i => i < 31 ? 1 << i : (int)(rng.NextDouble() * int.MaxValue) >> rng.Next(0, 30)).Select(v => Math.Max(v, 1)).ToArray();
        var output = new int[values.Length];
        foreach (int exponent in new[] { -60, -30, -8, 0, 12 })
        {
            FixedFrontEnd.Decibels(values, exponent, table, k, int.MinValue, output);
            double worst = 0;
            for (int i = 0; i < values.Length; i++)
            {
                double exact = 10 * (Math.Log10(values[i]) + exponent * Math.Log10(2));
                worst = Math.Max(worst, Math.Abs(output[i] / 256.0 - exact));
            }
            // Half a Q8 step of rounding plus the interpolation's error (under 1e-5 dB).
            Assert.True(worst <= 0.5 / 256 + 1e-4, $"exponent {exponent}: worst error {worst} dB");
        }
        FixedFrontEnd.Decibels([0, 1, -5, 1 << 20], -30, table, k, -90 * 256, output);
        Assert.Equal(-90 * 256, output[0]);  // no logarithm of 0: the floor
        Assert.Equal(-90 * 256, output[1]);  // 2^-30 is −90.3 dB, under the floor
        Assert.Equal(-90 * 256, output[2]);
        Assert.Equal((int)Math.Round(-10 * 10 * Math.Log10(2) * 256), output[3]); // 2^-10: −30.1 dB
    }

    [Fact]
    public void The_filter_bank_is_the_exact_weighted_sum_rounded_by_one_shared_shift()
    {
        var rng = new System.Random(9);
        int bins = 129, count = 12;
        var input = Enumerable.Range(0, bins).Select(_ => rng.Next(0, int.MaxValue)).ToArray();
        var first = new int[count];
        var runs = new int[count];
        var weights = new List<int>();
        for (int m = 0; m < count; m++)
        {
            first[m] = m * 10;
            runs[m] = 9 + m % 3;
            for (int j = 0; j < runs[m]; j++) weights.Add(rng.Next(0, 32769));
        }
        var sums = new long[count];
        var output = new int[count];
        int exponent = FixedFrontEnd.FilterBank(input, -20, first, runs, weights.ToArray(), sums, output);
        int w = 0;
        var exact = new System.Numerics.BigInteger[count];
        for (int m = 0; m < count; m++)
            for (int j = 0; j < runs[m]; j++) exact[m] += (System.Numerics.BigInteger)weights[w++] * input[first[m] + j];
        int shift = exponent - (-20 - 15);
        Assert.True(shift > 0, "sums of this size need a shift");
        for (int m = 0; m < count; m++)
        {
            var rounded = (exact[m] + (System.Numerics.BigInteger.One << (shift - 1))) >> shift;
            Assert.Equal(rounded, (System.Numerics.BigInteger)output[m]);
        }
        Assert.True(output.Max() > int.MaxValue / 2, "the shift is the smallest that fits: the largest output keeps its top bit");
    }

    [Fact]
    public void To_float_scales_by_exact_powers_of_two()
    {
        Assert.Equal(3f * 1024, FixedFrontEnd.ToFloat(3, 10));
        Assert.Equal(-5f / 256, FixedFrontEnd.ToFloat(-5, -8));
        Assert.Equal(MathF.ScaleB(123456789f, -70), FixedFrontEnd.ToFloat(123456789, -70));
    }

    [Theory]
    [InlineData(32, 75)]
    [InlineData(256, 75)]
    [InlineData(1024, 75)]
    public void The_real_fft_power_spectrum_follows_the_exact_one(int n, double floorDb)
    {
        var cos = TrigTables.CosineQ15(n);
        var sin = TrigTables.SineQ15(n);
        var hann = TrigTables.HannQ15(n);
        double errorSq = 0, signalSq = 0;
        for (int seed = 0; seed < 8; seed++)
        {
            var rng = new System.Random(seed);
            var x = Enumerable.Range(0, n).Select(t => (int)Math.Round((0.3 * Math.Sin(0.37 * t + seed) + 0.15 * Math.Sin(2.1 * t) + 0.02 * (rng.NextDouble() - 0.5)) * 32768) * hann[t] >> 15).ToArray();
            var re = (int[])x.Clone();
            var im = new int[n];
            var power = new int[n / 2 + 1];
            int exponent = FixedFrontEnd.PowerSpectrum(re, im, cos, sin, power);
            for (int k = 0; k <= n / 2; k++)
            {
                double r = 0, i = 0;
                for (int t = 0; t < n; t++)
                {
                    r += x[t] / 32768.0 * Math.Cos(2 * Math.PI * k * t / n);
                    i -= x[t] / 32768.0 * Math.Sin(2 * Math.PI * k * t / n);
                }
                double exact = r * r + i * i, value = power[k] * Math.Pow(2, exponent);
                errorSq += (value - exact) * (value - exact);
                signalSq += exact * exact;
            }
        }
        double sqnr = 10 * Math.Log10(signalSq / errorSq);
        Assert.True(sqnr >= floorDb, $"{n} points: SQNR {sqnr:F1} dB");
    }
}
