using EdgeVae.Contract;
using EdgeVae.Runtime.Signal;

namespace EdgeVae.Runtime.Tests.Signal;

/// <summary>
/// The .NET flavor's vectorised spectrum against EdgeVae.Contract's scalar front-end (what the trainer's simulation and
/// the nanoFramework flavor run): the same exponent and the same integers on every path this machine has, at every frame
/// length, with and without a window, on signals that drive the block scaling to its edges.
/// </summary>
public class SpectrumTests
{
    internal static IEnumerable<Spectrum.Path> Paths()
    {
        yield return Spectrum.Path.Scalar;
        if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated) yield return Spectrum.Path.Vector128;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) yield return Spectrum.Path.Vector256;
    }

    /// <summary>Frames that exercise the FFT's scaling: full-scale noise, an alternating ±32767 (all energy in one bin), DC at ± full scale, an impulse, silence, ±1 dither, sines and chirps.</summary>
    internal static IEnumerable<int[]> Frames(int n, Random rng)
    {
        int[] Make(Func<int, double> f) => Enumerable.Range(0, n).Select(t => (int)Math.Clamp(Math.Round(f(t)), -32767, 32767)).ToArray();
        yield return Make(_ => rng.Next(-32767, 32768));
        yield return Make(t => t % 2 == 0 ? 32767 : -32767);
        yield return Make(_ => 32767);
        yield return Make(_ => -32767);
        yield return Make(t => t == n / 3 ? 32767 : 0);
        yield return Make(_ => 0);
        yield return Make(_ => rng.Next(-1, 2));
        for (int i = 0; i < 12; i++)
        {
            double amplitude = Math.Pow(2, rng.Next(1, 16)), f = rng.NextDouble() * Math.PI, chirp = rng.NextDouble() * 0.01, noise = rng.NextDouble() * 0.3;
            yield return Make(t => amplitude * Math.Sin(f * t + chirp * t * t) + noise * amplitude * (rng.NextDouble() * 2 - 1));
        }
    }

    public static TheoryData<int> Lengths() => [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Power_and_magnitude_equal_the_contracts_integers_on_every_path(int n)
    {
        var rng = new Random(n);
        var (cos, sin) = (TrigTables.CosineQ15(n), TrigTables.SineQ15(n));
        foreach (var window in new[] { TrigTables.HannQ15(n), TrigTables.HammingQ15(n), null })
        {
            var plan = new SpectrumPlan(n, window, cos, sin);
            var work = new int[plan.WorkLength];
            var actual = new int[plan.Bins];
            int frames = 0;
            foreach (var x in Frames(n, rng))
            {
                var (re, im, expected) = (new int[n], new int[n], new int[n / 2 + 1]);
                Array.Copy(x, re, n);
                if (window != null) FixedFrontEnd.Window(re, window);
                int exponent = FixedFrontEnd.PowerSpectrum(re, im, cos, sin, expected);
                foreach (var path in Paths())
                {
                    Array.Fill(work, 12345); // whatever a previous call left
                    Assert.Equal(exponent, Spectrum.Power(x, plan, work, actual, path));
                    Assert.Equal(expected, actual);
                }
                Array.Copy(x, re, n);
                if (window != null) FixedFrontEnd.Window(re, window);
                int magnitudeExponent = FixedFrontEnd.MagnitudeSpectrum(re, im, cos, sin, expected);
                Assert.Equal(magnitudeExponent, Spectrum.Magnitude(x, plan, work, actual));
                Assert.Equal(expected, actual);
                frames++;
            }
            Assert.Equal(19, frames);
        }
    }

    [Fact]
    public void Ten_thousand_random_frames_of_each_length_give_the_contracts_integers()
    {
        var rng = new Random(2026);
        foreach (int n in new[] { 32, 64, 256, 1024 })
        {
            var (cos, sin, hann) = (TrigTables.CosineQ15(n), TrigTables.SineQ15(n), TrigTables.HannQ15(n));
            var plan = new SpectrumPlan(n, hann, cos, sin);
            var (work, actual, re, im, expected) = (new int[plan.WorkLength], new int[plan.Bins], new int[n], new int[n], new int[n / 2 + 1]);
            int count = n >= 1024 ? 2500 : 10000;
            for (int i = 0; i < count; i++)
            {
                int amplitude = 1 << rng.Next(0, 16);
                var x = new int[n];
                for (int t = 0; t < n; t++) x[t] = Math.Clamp(rng.Next(-amplitude, amplitude + 1), -32767, 32767);
                Array.Copy(x, re, n);
                FixedFrontEnd.Window(re, hann);
                int exponent = FixedFrontEnd.PowerSpectrum(re, im, cos, sin, expected);
                Assert.Equal(exponent, Spectrum.Power(x, plan, work, actual));
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void A_wrong_frame_tables_or_work_memory_is_refused_with_the_sizes()
    {
        int n = 64;
        Assert.Contains("power of two", Assert.Throws<ArgumentException>(() => new SpectrumPlan(48, [], new short[24], new short[24])).Message);
        Assert.Contains("32 values each", Assert.Throws<ArgumentException>(() => new SpectrumPlan(n, [], new short[16], new short[32])).Message);
        var plan = new SpectrumPlan(n, TrigTables.HannQ15(n), TrigTables.CosineQ15(n), TrigTables.SineQ15(n));
        Assert.Contains("work memory", Assert.Throws<ArgumentException>(() => Spectrum.Power(new int[n], plan, new int[plan.WorkLength - 1], new int[plan.Bins])).Message);
        Assert.Contains("frame of 64 samples", Assert.Throws<ArgumentException>(() => Spectrum.Power(new int[n - 1], plan, new int[plan.WorkLength], new int[plan.Bins])).Message);
    }
}
