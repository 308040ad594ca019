#if EDGEVAE_MLPERF
using System.Diagnostics;
using EdgeVae.Bench.Signal;

namespace EdgeVae.Bench.Profiles;

/// <summary>`frontend-parts`: where the generated ComputeFeatures spends its time, frame by frame and within a frame (stopwatch, not BenchmarkDotNet).</summary>
internal static class FrontEndProfile
{
    public static void Run()
    {
        var b = new FrontEndBenchmarks();
        b.Setup();
        void Time(string what, Action a, int n)
        {
            for (var w = Stopwatch.StartNew(); w.ElapsedMilliseconds < 3000;) a(); // past tiered compilation
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) a();
            Console.WriteLine($"{what,-40} {sw.Elapsed.TotalMilliseconds * 1000 / n,10:F1} µs");
        }
        Time("one frame, the window's five in turn", () => b.LogMelOfOneFrame(), 2000);
        var (spectrum, filterBank, decibels) = b.Parts();
        Time("  its power spectrum (1024-point real FFT)", spectrum, 2000);
        Time("  its filter bank (128 mel filters)", filterBank, 2000);
        Time("  its decibels (128 values)", decibels, 2000);
        Time("ComputeFeatures (5 frames)", () => b.Features(), 400);
        b.UseFrame(0);
        Time("one frame, always the same", () => b.LogMelOfOneFrame(), 2000);
        Time("int8 Score", () => b.Int8(), 400);
        b.Cleanup();
    }
}
#endif
