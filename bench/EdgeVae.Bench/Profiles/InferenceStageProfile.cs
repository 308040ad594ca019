using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeVae.Bench.Inference;
using EdgeVae.Runtime.Kernels;
using EdgeVae.Runtime.Scoring;
using EdgeVae.Contract;

namespace EdgeVae.Bench.Profiles;

/// <summary>
/// `inference-parts`: nanoseconds per stage of one generated int8 Score of the motor model (256-64-8-64-256): input
/// normalisation and quantization (one pass), each packed dense layer at its shape, the score, and the whole call — the best
/// of several repetitions, to see where a call goes and what the multiply-accumulates alone cost.
/// </summary>
internal static class InferenceStageProfile
{
    public static void Run()
    {
        var rng = new Random(1);
        var window = Enumerable.Range(0, MotorInt8.InputLength).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var offset = Enumerable.Range(0, window.Length).Select(_ => (float)rng.NextDouble() * 0.1f).ToArray();
        var scale = Enumerable.Range(0, window.Length).Select(_ => 1f + (float)rng.NextDouble()).ToArray();
        var normalized = new float[window.Length];
        var codes = new sbyte[window.Length];
        Console.WriteLine($"AVX-VNNI {AvxVnni.IsSupported}, AVX-512 {Avx512F.IsSupported}");
        double total = 0;
        total += Time("normalise and quantize (256)", () => Normalize.Int8(window, offset, scale, normalized, 0.03f, -3, codes));
        var layers = new List<Action>();
        foreach (var (k, n) in new[] { (256, 64), (64, 8), (8, 64), (64, 256) })
        {
            var x = Enumerable.Range(0, k).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            var w = Enumerable.Range(0, k * n).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
            var packed = PackedDenseLayout.PackWeights(w, n, k);
            var bias = PackedDenseLayout.PackBias(new long[n], w, n, k);
            var shifts = Enumerable.Repeat(-8, n).ToArray();
            var requantization = PackedDenseLayout.RequantizationInts(Enumerable.Repeat(1_500_000_000, n).ToArray(), shifts, n);
            var y = new sbyte[n];
            Action layer = () => Dense.Int8Packed(x, packed, bias, requantization, -128, -128, 127, y);
            layers.Add(layer);
            total += Time($"dense {k}->{n} ({k * n} MACs)", layer);
        }
        Time("the four layers in a row", () => { foreach (var layer in layers) layer(); });
        var weights = new byte[33_792];
        rng.NextBytes(weights);
        Time("multiply-accumulate floor", () => MacFloor(weights));
        total += Time("score (256)", () => ReconstructionError.MeanSquared(codes, 0.03f, -3, normalized));
        Console.WriteLine($"{"sum of the stages",-32} {total,8:F1} ns");
        Time("whole generated Score call", () => MotorInt8.Score(window));
    }

    /// <summary>
    /// The model's 33,792 weight bytes through 1,056 AVX-VNNI <c>vpdpbusd</c> (eight independent chains, one broadcast
    /// input, nothing else): the least time any int8 implementation of this model can take on this core.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int MacFloor(byte[] weights)
    {
        if (!AvxVnni.IsSupported) return 0;
        ref byte p = ref weights[0];
        var x = Vector256.Create((byte)3);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int i = 0; i + 256 <= weights.Length; i += 256)
        {
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, x, Vector256.LoadUnsafe(ref p, (nuint)i).AsSByte());
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, x, Vector256.LoadUnsafe(ref p, (nuint)i + 32).AsSByte());
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, x, Vector256.LoadUnsafe(ref p, (nuint)i + 64).AsSByte());
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, x, Vector256.LoadUnsafe(ref p, (nuint)i + 96).AsSByte());
            a4 = AvxVnni.MultiplyWideningAndAdd(a4, x, Vector256.LoadUnsafe(ref p, (nuint)i + 128).AsSByte());
            a5 = AvxVnni.MultiplyWideningAndAdd(a5, x, Vector256.LoadUnsafe(ref p, (nuint)i + 160).AsSByte());
            a6 = AvxVnni.MultiplyWideningAndAdd(a6, x, Vector256.LoadUnsafe(ref p, (nuint)i + 192).AsSByte());
            a7 = AvxVnni.MultiplyWideningAndAdd(a7, x, Vector256.LoadUnsafe(ref p, (nuint)i + 224).AsSByte());
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7).ToScalar();
    }

    internal static double Time(string name, Action action, int calls = 200_000)
    {
        double best = double.MaxValue;
        for (int i = 0; i < calls; i++) action();
        for (int repeat = 0; repeat < 7; repeat++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++) action();
            best = Math.Min(best, sw.Elapsed.TotalNanoseconds / calls);
        }
        Console.WriteLine($"{name,-32} {best,8:F1} ns");
        return best;
    }
}
