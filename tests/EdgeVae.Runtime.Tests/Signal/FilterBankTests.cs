using EdgeVae.Contract;
using EdgeVae.Runtime.Signal;

namespace EdgeVae.Runtime.Tests.Signal;

/// <summary>The .NET flavor's filter bank and whole frame against EdgeVae.Contract's scalar front-end, integer for integer.</summary>
public class FilterBankTests
{
    /// <summary>A random bank: overlapping runs of 1–40 bins, Q15 weights up to 32768, as mel triangles and band edges make them.</summary>
    private static (int[] First, int[] Count, int[] Weights) Bank(Random rng, int bins, int filters)
    {
        var first = new int[filters];
        var count = new int[filters];
        var weights = new List<int>();
        for (int m = 0; m < filters; m++)
        {
            count[m] = rng.Next(1, Math.Min(40, bins) + 1);
            first[m] = rng.Next(0, bins - count[m] + 1);
            for (int j = 0; j < count[m]; j++) weights.Add(rng.Next(4) == 0 ? 32768 : rng.Next(0, 32769));
        }
        return (first, count, weights.ToArray());
    }

    [Fact]
    public void Equals_the_contracts_filter_bank_including_the_rows_rounding_shift()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 400; trial++)
        {
            int bins = rng.Next(17, 600), filters = rng.Next(1, 130);
            var (first, count, weights) = Bank(rng, bins, filters);
            // Powers up to 2^31 − 1 (sums far beyond int32: the shift), or small ones (no shift).
            int top = trial % 2 == 0 ? int.MaxValue : 1 << rng.Next(1, 16);
            var input = Enumerable.Range(0, bins).Select(_ => rng.Next(0, top)).ToArray();
            var (expected, actual) = (new int[filters], new int[filters]);
            int exponent = rng.Next(-40, 10);
            Assert.Equal(FixedFrontEnd.FilterBank(input, exponent, first, count, weights, new long[filters], expected),
                FilterBank.Apply(input, exponent, first, count, weights, new long[filters], actual));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void A_run_past_the_spectrum_is_refused_not_read()
    {
        var error = Assert.Throws<ArgumentException>(() => FilterBank.Apply(new int[10], 0, [8], [3], [1, 1, 1], new long[1], new int[1]));
        Assert.Contains("filter 0 runs over bins 8 … 10 of 10", error.Message);
    }

    [Fact]
    public void A_whole_frame_equals_the_contracts_frame_for_every_chain()
    {
        var rng = new Random(11);
        int n = 256;
        var (cos, sin, hann) = (TrigTables.CosineQ15(n), TrigTables.SineQ15(n), TrigTables.HannQ15(n));
        var log2 = LogTables.Log2Q16();
        var (first, count, weights) = Bank(rng, n / 2 + 1, 24);
        foreach (bool windowed in new[] { true, false })
            foreach (bool magnitude in new[] { false, true })
                foreach (bool bank in new[] { true, false })
                    foreach (bool log in new[] { true, false })
                    {
                        var plan = new SpectrumPlan(n, windowed ? hann : [], cos, sin);
                        int features = bank ? 24 : n / 2 + 1;
                        foreach (var x in SpectrumTests.Frames(n, rng))
                        {
                            var re = (int[])x.Clone();
                            var expected = new int[features];
                            int e = FixedFrontEnd.Frame(re, new int[n], windowed ? hann : null!, cos, sin, magnitude, new int[n / 2 + 1],
                                bank ? first : null!, bank ? count : null!, bank ? weights : null!, new long[24], new int[24], log, log2, LogTables.DecibelsPerOctaveQ24(), -80 * 256, expected);
                            var actual = new int[features];
                            var samples = (int[])x.Clone();
                            int a = FrontEndFrame.Run(samples, plan, new int[plan.WorkLength], magnitude, new int[n / 2 + 1],
                                bank ? first : null, bank ? count : null, bank ? weights : null, new long[24], new int[24], log, log2, LogTables.DecibelsPerOctaveQ24(), -80 * 256, actual);
                            Assert.Equal(e, a);
                            Assert.Equal(expected, actual);
                            Assert.Equal(x, samples); // the samples are read, not overwritten
                        }
                    }
    }
}
