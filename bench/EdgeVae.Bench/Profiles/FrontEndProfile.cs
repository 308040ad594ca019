#if EDGEVAE_MLPERF
using System.Diagnostics;
using EdgeVae.Bench.Signal;

namespace EdgeVae.Bench.Profiles;

/// <summary>`frontend-parts`: where the generated ComputeFeatures spends its time, frame by frame (stopwatch, not BenchmarkDotNet).</summary>
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
        Time("ComputeFeatures (5 frames)", () => b.Features(), 400);
        b.UseFrame(0);
        Time("one frame, always the same", () => b.LogMelOfOneFrame(), 2000);
        Time("int8 Score", () => b.Int8(), 400);
        b.Cleanup();
    }
}
#endif
