using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Scoring;

/// <summary>
/// The standardised anomaly score: a diagonal Mahalanobis distance of the residual. With r_i the (dequantized)
/// reconstruction minus the normalised input, d_i = (r_i − mean[i]) · weight[i], and the score is the mean of d_i² over
/// the n features, summed in the contract's order (<see cref="ScoreOrder"/>: feature i into partial i mod 8, the eight
/// partials joined as an 8-wide vector reduction, one division by n). mean and weight (1/σ) were fitted on normal data at
/// calibration. Every path here performs exactly those IEEE float32 operations, so SIMD hosts, the trainer's simulation and
/// a scalar device agree bit for bit. With mean 0 and weight 1 it is <see cref="ReconstructionError"/>'s score exactly.
/// </summary>
public static class StandardizedError
{
    /// <summary>The score of int8 output codes: r_i = scale·(codes[i] − zeroPoint) − target[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float MeanSquared(ReadOnlySpan<sbyte> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight)
    {
        int n = Check(codes.Length, target.Length, mean.Length, weight.Length), i = 0;
        var acc = Vector256<float>.Zero;
        ref float pm = ref MemoryMarshal.GetReference(mean);
        ref float pw = ref MemoryMarshal.GetReference(weight);
        if (Vector256.IsHardwareAccelerated)
        {
            ref sbyte pc = ref MemoryMarshal.GetReference(codes);
            ref float pt = ref MemoryMarshal.GetReference(target);
            var vScale = Vector256.Create(scale);
            var zp = Vector256.Create(zeroPoint);
            for (; i + 8 <= n; i += 8)
            {
                var r = CodeVectors.Dequantize(ref pc, i, vScale, zp) - Vector256.LoadUnsafe(ref pt, (nuint)i);
                var d = (r - Vector256.LoadUnsafe(ref pm, (nuint)i)) * Vector256.LoadUnsafe(ref pw, (nuint)i);
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
                var r0 = y0 - Vector128.LoadUnsafe(ref pt, (nuint)i);
                var r1 = y1 - Vector128.LoadUnsafe(ref pt, (nuint)(i + 4));
                var d0 = (r0 - Vector128.LoadUnsafe(ref pm, (nuint)i)) * Vector128.LoadUnsafe(ref pw, (nuint)i);
                var d1 = (r1 - Vector128.LoadUnsafe(ref pm, (nuint)(i + 4))) * Vector128.LoadUnsafe(ref pw, (nuint)(i + 4));
                low += d0 * d0;
                high += d1 * d1;
            }
            acc = Vector256.Create(low, high);
        }
        Span<float> p = stackalloc float[ScoreOrder.Lanes];
        acc.CopyTo(p);
        for (; i < n; i++)
        {
            float d = (scale * (codes[i] - zeroPoint) - target[i] - mean[i]) * weight[i];
            p[i & 7] += d * d;
        }
        return ReconstructionError.Join(p) / n;
    }

    /// <summary>The score of int16 output codes (symmetric: zero point 0).</summary>
    public static float MeanSquared(ReadOnlySpan<short> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight) =>
        Codes(codes, scale, zeroPoint, target, mean, weight, Span<float>.Empty);

    /// <summary>The score of a float reconstruction: r_i = output[i] − target[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float MeanSquared(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight)
    {
        int n = Check(output.Length, target.Length, mean.Length, weight.Length), i = 0;
        var acc = Vector256<float>.Zero;
        ref float po = ref MemoryMarshal.GetReference(output);
        ref float pt = ref MemoryMarshal.GetReference(target);
        ref float pm = ref MemoryMarshal.GetReference(mean);
        ref float pw = ref MemoryMarshal.GetReference(weight);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                var r = Vector256.LoadUnsafe(ref po, (nuint)i) - Vector256.LoadUnsafe(ref pt, (nuint)i);
                var d = (r - Vector256.LoadUnsafe(ref pm, (nuint)i)) * Vector256.LoadUnsafe(ref pw, (nuint)i);
                acc += d * d;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> low = default, high = default;
            for (; i + 8 <= n; i += 8)
            {
                var r0 = Vector128.LoadUnsafe(ref po, (nuint)i) - Vector128.LoadUnsafe(ref pt, (nuint)i);
                var r1 = Vector128.LoadUnsafe(ref po, (nuint)(i + 4)) - Vector128.LoadUnsafe(ref pt, (nuint)(i + 4));
                var d0 = (r0 - Vector128.LoadUnsafe(ref pm, (nuint)i)) * Vector128.LoadUnsafe(ref pw, (nuint)i);
                var d1 = (r1 - Vector128.LoadUnsafe(ref pm, (nuint)(i + 4))) * Vector128.LoadUnsafe(ref pw, (nuint)(i + 4));
                low += d0 * d0;
                high += d1 * d1;
            }
            acc = Vector256.Create(low, high);
        }
        Span<float> p = stackalloc float[ScoreOrder.Lanes];
        acc.CopyTo(p);
        for (; i < n; i++)
        {
            float d = (output[i] - target[i] - mean[i]) * weight[i];
            p[i & 7] += d * d;
        }
        return ReconstructionError.Join(p) / n;
    }

    /// <summary>
    /// The score of int8 output codes and each channel's share of it (feature i belongs to channel i mod
    /// <c>channelErrors.Length</c>), in the contract's order, one feature at a time.
    /// </summary>
    public static float MeanSquared(ReadOnlySpan<sbyte> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight, Span<float> channelErrors) =>
        Codes(codes, scale, zeroPoint, target, mean, weight, channelErrors);

    /// <summary>The score of int16 output codes and each channel's share of it.</summary>
    public static float MeanSquared(ReadOnlySpan<short> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight, Span<float> channelErrors) =>
        Codes(codes, scale, zeroPoint, target, mean, weight, channelErrors);

    /// <summary>The score of a float reconstruction and each channel's share of it.</summary>
    public static float MeanSquared(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight, Span<float> channelErrors) =>
        MeanSquared(output, target, mean, weight, channelErrors, default);

    /// <summary>The score of int8 output codes and each channel's share of it, feature i belonging to channel <paramref name="featureChannel"/>[i] (empty: i mod channels).</summary>
    public static float MeanSquared(ReadOnlySpan<sbyte> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight, Span<float> channelErrors, ReadOnlySpan<int> featureChannel) =>
        Codes(codes, scale, zeroPoint, target, mean, weight, channelErrors, featureChannel);

    /// <summary>The score of int16 output codes and each channel's share of it, feature i belonging to channel <paramref name="featureChannel"/>[i].</summary>
    public static float MeanSquared(ReadOnlySpan<short> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight, Span<float> channelErrors, ReadOnlySpan<int> featureChannel) =>
        Codes(codes, scale, zeroPoint, target, mean, weight, channelErrors, featureChannel);

    /// <summary>The score of a float reconstruction and each channel's share of it, feature i belonging to channel <paramref name="featureChannel"/>[i] (empty: i mod channels).</summary>
    public static float MeanSquared(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight, Span<float> channelErrors, ReadOnlySpan<int> featureChannel)
    {
        int n = Check(output.Length, target.Length, mean.Length, weight.Length);
        int channels = channelErrors.Length;
        ReconstructionError.CheckMap(featureChannel, n, channels);
        Span<float> p = stackalloc float[ScoreOrder.Lanes];
        p.Clear();
        channelErrors.Clear();
        for (int i = 0; i < n; i++)
        {
            float d = (output[i] - target[i] - mean[i]) * weight[i];
            float e = d * d;
            p[i & 7] += e;
            if (channels > 0) channelErrors[featureChannel.IsEmpty ? i % channels : featureChannel[i]] += e;
        }
        return Finish(p, channelErrors, n);
    }

    /// <summary>The residuals r_i = scale·(codes[i] − zeroPoint) − target[i] the score standardises (for fitting mean and σ).</summary>
    public static void Residuals<T>(ReadOnlySpan<T> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, Span<float> residuals)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        int n = Check(codes.Length, target.Length, residuals.Length, residuals.Length);
        for (int i = 0; i < n; i++) residuals[i] = scale * (int.CreateTruncating(codes[i]) - zeroPoint) - target[i];
    }

    /// <summary>The scalar loop for codes of either width, with per-channel shares when <paramref name="channelErrors"/> is not empty.</summary>
    private static float Codes<T>(ReadOnlySpan<T> codes, float scale, int zeroPoint, ReadOnlySpan<float> target, ReadOnlySpan<float> mean, ReadOnlySpan<float> weight, Span<float> channelErrors,
        ReadOnlySpan<int> featureChannel = default)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        int n = Check(codes.Length, target.Length, mean.Length, weight.Length), channels = channelErrors.Length;
        ReconstructionError.CheckMap(featureChannel, n, channels);
        Span<float> p = stackalloc float[ScoreOrder.Lanes];
        p.Clear();
        channelErrors.Clear();
        for (int i = 0; i < n; i++)
        {
            float d = (scale * (int.CreateTruncating(codes[i]) - zeroPoint) - target[i] - mean[i]) * weight[i];
            float e = d * d;
            p[i & 7] += e;
            if (channels > 0) channelErrors[featureChannel.IsEmpty ? i % channels : featureChannel[i]] += e;
        }
        return Finish(p, channelErrors, n);
    }

    private static float Finish(ReadOnlySpan<float> p, Span<float> channelErrors, int n)
    {
        for (int c = 0; c < channelErrors.Length; c++) channelErrors[c] /= n;
        return ReconstructionError.Join(p) / n;
    }

    private static int Check(int outputs, int targets, int means, int weights)
    {
        if (outputs != targets || means != outputs || weights != outputs)
            throw new ArgumentException($"StandardizedError: {outputs} outputs, {targets} targets, {means} means and {weights} weights; each holds one value per feature.");
        if (outputs == 0) throw new ArgumentException("StandardizedError: a window has at least one feature.");
        return outputs;
    }
}
