using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Scoring;

/// <summary>
/// The anomaly score of the numerical contract: the mean of d_i² over the n features, where d_i is the
/// (dequantized) reconstruction minus the normalised input. The sum runs in eight partial sums, feature i into
/// partial i mod 8 in increasing i, joined as ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7)) and divided by n
/// in float32 — the order of an 8-wide vector reduction, so a SIMD host and a scalar device (the trainer's
/// simulation, nanoFramework) get the same float bit for bit. Each path here performs exactly those IEEE operations.
/// </summary>
public static class ReconstructionError
{
    /// <summary>The score of int8 output codes: d_i = scale·(codes[i] − zeroPoint) − target[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float MeanSquared(ReadOnlySpan<sbyte> codes, float scale, int zeroPoint, ReadOnlySpan<float> target)
    {
        int n = Check(codes.Length, target.Length), i = 0;
        var acc = Vector256<float>.Zero;
        if (Vector256.IsHardwareAccelerated)
        {
            ref sbyte pc = ref MemoryMarshal.GetReference(codes);
            ref float pt = ref MemoryMarshal.GetReference(target);
            var vScale = Vector256.Create(scale);
            var zp = Vector256.Create(zeroPoint);
            for (; i + 8 <= n; i += 8)
            {
                var d = CodeVectors.Dequantize(ref pc, i, vScale, zp) - Vector256.LoadUnsafe(ref pt, (nuint)i);
                acc += d * d;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            // Arm64 NEON: partials 0–3 and 4–7 in two registers, so each partial sums the same features in the same order.
            ref sbyte pc = ref MemoryMarshal.GetReference(codes);
            ref float pt = ref MemoryMarshal.GetReference(target);
            var vScale = Vector128.Create(scale);
            var zp = Vector128.Create(zeroPoint);
            Vector128<float> low = default, high = default;
            for (; i + 8 <= n; i += 8)
            {
                var (y0, y1) = CodeVectors.Dequantize(ref pc, i, vScale, zp);
                var d0 = y0 - Vector128.LoadUnsafe(ref pt, (nuint)i);
                var d1 = y1 - Vector128.LoadUnsafe(ref pt, (nuint)(i + 4));
                low += d0 * d0;
                high += d1 * d1;
            }
            acc = Vector256.Create(low, high);
        }
        Span<float> p = stackalloc float[8];
        acc.CopyTo(p);
        for (; i < n; i++)
        {
            float d = scale * (codes[i] - zeroPoint) - target[i];
            p[i & 7] += d * d;
        }
        return Join(p) / n;
    }

    /// <summary>The score of int16 output codes (symmetric: zero point 0): d_i = scale·codes[i] − target[i].</summary>
    public static float MeanSquared(ReadOnlySpan<short> codes, float scale, int zeroPoint, ReadOnlySpan<float> target)
    {
        int n = Check(codes.Length, target.Length);
        Span<float> p = stackalloc float[8];
        p.Clear();
        for (int i = 0; i < n; i++)
        {
            float d = scale * (codes[i] - zeroPoint) - target[i];
            p[i & 7] += d * d;
        }
        return Join(p) / n;
    }

    /// <summary>The score of a float reconstruction: d_i = output[i] − target[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float MeanSquared(ReadOnlySpan<float> output, ReadOnlySpan<float> target)
    {
        int n = Check(output.Length, target.Length), i = 0;
        var acc = Vector256<float>.Zero;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float po = ref MemoryMarshal.GetReference(output);
            ref float pt = ref MemoryMarshal.GetReference(target);
            for (; i + 8 <= n; i += 8)
            {
                var d = Vector256.LoadUnsafe(ref po, (nuint)i) - Vector256.LoadUnsafe(ref pt, (nuint)i);
                acc += d * d;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            ref float po = ref MemoryMarshal.GetReference(output);
            ref float pt = ref MemoryMarshal.GetReference(target);
            Vector128<float> low = default, high = default;
            for (; i + 8 <= n; i += 8)
            {
                var d0 = Vector128.LoadUnsafe(ref po, (nuint)i) - Vector128.LoadUnsafe(ref pt, (nuint)i);
                var d1 = Vector128.LoadUnsafe(ref po, (nuint)(i + 4)) - Vector128.LoadUnsafe(ref pt, (nuint)(i + 4));
                low += d0 * d0;
                high += d1 * d1;
            }
            acc = Vector256.Create(low, high);
        }
        Span<float> p = stackalloc float[8];
        acc.CopyTo(p);
        for (; i < n; i++)
        {
            float d = output[i] - target[i];
            p[i & 7] += d * d;
        }
        return Join(p) / n;
    }

    /// <summary>
    /// The score of int8 output codes and each channel's share of it (feature i belongs to channel i mod
    /// <c>channelErrors.Length</c>, as a window's interleaved channels do), in the contract's order, one feature at a time.
    /// </summary>
    public static float MeanSquared(ReadOnlySpan<sbyte> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, Span<float> channelErrors) =>
        MeanSquaredCodes(codes, scale, zeroPoint, target, channelErrors);

    /// <summary>The score of int16 output codes and each channel's share of it.</summary>
    public static float MeanSquared(ReadOnlySpan<short> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, Span<float> channelErrors) =>
        MeanSquaredCodes(codes, scale, zeroPoint, target, channelErrors);

    /// <summary>
    /// The score of int8 output codes and each channel's share of it, feature i belonging to channel
    /// <paramref name="featureChannel"/>[i] (a front-end whose branches differ per channel; empty: i mod channels).
    /// </summary>
    public static float MeanSquared(ReadOnlySpan<sbyte> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, Span<float> channelErrors, ReadOnlySpan<int> featureChannel) =>
        MeanSquaredCodes(codes, scale, zeroPoint, target, channelErrors, featureChannel);

    /// <summary>The score of int16 output codes and each channel's share of it, feature i belonging to channel <paramref name="featureChannel"/>[i].</summary>
    public static float MeanSquared(ReadOnlySpan<short> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, Span<float> channelErrors, ReadOnlySpan<int> featureChannel) =>
        MeanSquaredCodes(codes, scale, zeroPoint, target, channelErrors, featureChannel);

    /// <summary>The per-channel loop for codes of either width (compiled once per width: no cost for being generic).</summary>
    private static float MeanSquaredCodes<T>(ReadOnlySpan<T> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, Span<float> channelErrors,
        ReadOnlySpan<int> featureChannel = default)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        int n = Check(codes.Length, target.Length), channels = CheckChannels(channelErrors.Length);
        CheckMap(featureChannel, n, channels);
        Span<float> p = stackalloc float[ScoreOrder.Lanes];
        p.Clear();
        channelErrors.Clear();
        for (int i = 0; i < n; i++)
        {
            float d = scale * (int.CreateTruncating(codes[i]) - zeroPoint) - target[i];
            float e = d * d;
            p[i & 7] += e;
            channelErrors[featureChannel.IsEmpty ? i % channels : featureChannel[i]] += e;
        }
        return Finish(p, channelErrors, n);
    }

    /// <summary>The score of a float reconstruction and each channel's share of it.</summary>
    public static float MeanSquared(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> channelErrors) =>
        MeanSquared(output, target, channelErrors, default);

    /// <summary>The score of a float reconstruction and each channel's share of it, feature i belonging to channel <paramref name="featureChannel"/>[i] (empty: i mod channels).</summary>
    public static float MeanSquared(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> channelErrors, ReadOnlySpan<int> featureChannel)
    {
        int n = Check(output.Length, target.Length), channels = CheckChannels(channelErrors.Length);
        CheckMap(featureChannel, n, channels);
        Span<float> p = stackalloc float[ScoreOrder.Lanes];
        p.Clear();
        channelErrors.Clear();
        for (int i = 0; i < n; i++)
        {
            float d = output[i] - target[i];
            float e = d * d;
            p[i & 7] += e;
            channelErrors[featureChannel.IsEmpty ? i % channels : featureChannel[i]] += e;
        }
        return Finish(p, channelErrors, n);
    }

    /// <summary>A feature-to-channel table is empty or holds one channel index below <paramref name="channels"/> per feature.</summary>
    internal static void CheckMap(ReadOnlySpan<int> featureChannel, int features, int channels)
    {
        if (featureChannel.IsEmpty) return;
        if (featureChannel.Length != features) throw new ArgumentException($"Scoring: the feature-to-channel table holds {featureChannel.Length} entries for {features} features.", nameof(featureChannel));
        foreach (int c in featureChannel)
            if ((uint)c >= (uint)channels) throw new ArgumentException($"Scoring: the feature-to-channel table names channel {c} of {channels}.", nameof(featureChannel));
    }

    private static float Finish(ReadOnlySpan<float> p, Span<float> channelErrors, int n)
    {
        for (int c = 0; c < channelErrors.Length; c++) channelErrors[c] /= n;
        return Join(p) / n;
    }

    private static int CheckChannels(int channels) =>
        channels > 0 ? channels : throw new ArgumentException("ReconstructionError: the per-channel shares need at least one channel.");

    /// <summary>((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7)): the contract's join of the eight partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Join(ReadOnlySpan<float> p) => ScoreOrder.Join(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);

    private static int Check(int codes, int target)
    {
        if (codes != target) throw new ArgumentException($"ReconstructionError: {codes} outputs against {target} targets; both must hold one value per feature.");
        if (codes == 0) throw new ArgumentException("ReconstructionError: a window has at least one feature.");
        return codes;
    }
}
