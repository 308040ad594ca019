using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Kernels;

/// <summary>
/// The dense (fully connected) layer, y = W·x + b with W [outputs × inputs] row-major, in every precision. These are the
/// reference kernels (TensorFlow Lite's definitions: int8 with int32 accumulation and per-channel requantization, the
/// 16x8 scheme with int64 accumulation); <see cref="Int8Packed(ReadOnlySpan{sbyte}, ReadOnlySpan{sbyte}, ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, int, Span{sbyte})"/>
/// is the optimised int8 variant on build-time-packed weights and gives the same codes. Span in, span out, no allocation.
/// </summary>
public static partial class Dense
{
    /// <summary>
    /// output[c] = clamp(outZeroPoint + MBQM(bias[c] + Σ_j input[j]·weights[c·k + j], multiplier[c], shift[c]), min, max)
    /// for c in [0, output.Length); the input zero point is already folded into <paramref name="bias"/>. The AVX2 path is
    /// exact: integer sums do not depend on their order.
    /// </summary>
    public static void Int8(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, int outZeroPoint, int min, int max, Span<sbyte> output)
    {
        int k = input.Length, n = output.Length;
        if (weights.Length != n * k || bias.Length < n || multiplier.Length < n || shift.Length < n)
            throw new ArgumentException("Dense: weights must be [outputs × inputs] and bias/multiplier/shift one per output.");
        int c = 0;
        if (Avx2.IsSupported)
        {
            // Eight outputs at a time: four rows share each widened slice of the input, and the eight
            // accumulators are requantized together (the quantizer's mantissas are never negative).
            Span<int> sums = stackalloc int[8];
            var zp = Vector256.Create(outZeroPoint);
            var lo = Vector256.Create(min);
            var hi = Vector256.Create(max);
            for (; c <= n - 8; c += 8)
            {
                Dot4(input, weights.Slice(c * k, 4 * k), sums[..4]);
                Dot4(input, weights.Slice((c + 4) * k, 4 * k), sums[4..]);
                var m = Vector256.Create(multiplier.Slice(c, 8));
                if (Vector256.LessThanAny(m, Vector256<int>.Zero))
                {
                    for (int r = 0; r < 8; r++) output[c + r] = (sbyte)FixedPoint.Requantize(bias[c + r] + sums[r], multiplier[c + r], shift[c + r], outZeroPoint, min, max);
                    continue;
                }
                var acc = Vector256.Create((ReadOnlySpan<int>)sums) + Vector256.Create(bias.Slice(c, 8));
                var q = zp + VectorFixedPoint.MultiplyByQuantizedMultiplier(acc, m, Vector256.Create(shift.Slice(c, 8)));
                q = Vector256.Min(Vector256.Max(q, lo), hi);
                for (int r = 0; r < 8; r++) output[c + r] = (sbyte)q[r];
            }
        }
        for (; c < n; c++)
            output[c] = (sbyte)FixedPoint.Requantize(bias[c] + Dot(input, weights.Slice(c * k, k)), multiplier[c], shift[c], outZeroPoint, min, max);
    }

    /// <summary>
    /// int16 activations × int8 weights (TensorFlow Lite's 16x8 scheme): symmetric activations, int64 accumulation
    /// (a 784-long dot product of 32767·127 terms exceeds int32), the accumulator saturated to int32 before requantization.
    /// </summary>
    public static void Int16(ReadOnlySpan<short> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<long> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, int min, int max, Span<short> output)
    {
        int k = input.Length, n = output.Length;
        if (weights.Length != n * k || bias.Length < n || multiplier.Length < n || shift.Length < n)
            throw new ArgumentException("Dense: weights must be [outputs × inputs] and bias/multiplier/shift one per output.");
        for (int c = 0; c < n; c++)
        {
            long acc = bias[c];
            var w = weights.Slice(c * k, k);
            for (int j = 0; j < k; j++) acc += input[j] * w[j];
            int q = FixedPoint.MultiplyByQuantizedMultiplier(acc, multiplier[c], shift[c]);
            output[c] = (short)(q < min ? min : q > max ? max : q);
        }
    }

    /// <summary>output[c] = bias[c] + Σ_j input[j]·weights[c·k + j] in float32.</summary>
    public static void Float32(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        int k = input.Length, n = output.Length;
        if (weights.Length != n * k || bias.Length < n) throw new ArgumentException("Dense: weights must be [outputs × inputs] and bias one per output.");
        for (int c = 0; c < n; c++) output[c] = bias[c] + TensorPrimitives.Dot(input, weights.Slice(c * k, k));
    }

    /// <summary>The dot products of <paramref name="x"/> with four consecutive weight rows (exact, int32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> rows, Span<int> sums)
    {
        int k = x.Length, i = 0;
        ref sbyte px = ref MemoryMarshal.GetReference(x);
        ref sbyte w0 = ref MemoryMarshal.GetReference(rows);
        ref sbyte w1 = ref Unsafe.Add(ref w0, k);
        ref sbyte w2 = ref Unsafe.Add(ref w0, 2 * k);
        ref sbyte w3 = ref Unsafe.Add(ref w0, 3 * k);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
        for (; i <= k - 32; i += 32)
        {
            var v = Vector256.LoadUnsafe(ref px, (nuint)i);
            var lo = Avx2.ConvertToVector256Int16(v.GetLower());
            var hi = Avx2.ConvertToVector256Int16(v.GetUpper());
            a0 = Accumulate(a0, lo, hi, Vector256.LoadUnsafe(ref w0, (nuint)i));
            a1 = Accumulate(a1, lo, hi, Vector256.LoadUnsafe(ref w1, (nuint)i));
            a2 = Accumulate(a2, lo, hi, Vector256.LoadUnsafe(ref w2, (nuint)i));
            a3 = Accumulate(a3, lo, hi, Vector256.LoadUnsafe(ref w3, (nuint)i));
        }
        // Lane-wise horizontal adds leave the four totals in one 128-bit vector.
        var s = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a0, a1), Avx2.HorizontalAdd(a2, a3));
        var total = Sse2.Add(s.GetLower(), s.GetUpper());
        sums[0] = total.GetElement(0);
        sums[1] = total.GetElement(1);
        sums[2] = total.GetElement(2);
        sums[3] = total.GetElement(3);
        for (; i < k; i++)
        {
            int xi = Unsafe.Add(ref px, i);
            sums[0] += xi * Unsafe.Add(ref w0, i);
            sums[1] += xi * Unsafe.Add(ref w1, i);
            sums[2] += xi * Unsafe.Add(ref w2, i);
            sums[3] += xi * Unsafe.Add(ref w3, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Accumulate(Vector256<int> acc, Vector256<short> lo, Vector256<short> hi, Vector256<sbyte> w) =>
        Avx2.Add(acc, Avx2.Add(
            Avx2.MultiplyAddAdjacent(lo, Avx2.ConvertToVector256Int16(w.GetLower())),
            Avx2.MultiplyAddAdjacent(hi, Avx2.ConvertToVector256Int16(w.GetUpper()))));

    /// <summary>Σ a[i]·b[i] over int8 vectors, exactly, in int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        int n = a.Length, i = 0, sum = 0;
        if (Avx2.IsSupported && n >= 32)
        {
            ref sbyte pa = ref MemoryMarshal.GetReference(a);
            ref sbyte pb = ref MemoryMarshal.GetReference(b);
            var acc = Vector256<int>.Zero;
            for (; i <= n - 32; i += 32)
            {
                var va = Vector256.LoadUnsafe(ref pa, (nuint)i);
                var vb = Vector256.LoadUnsafe(ref pb, (nuint)i);
                // Widen to int16 (products fit: |−128·127| < 2^15), multiply and add adjacent pairs into int32.
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(va.GetLower()), Avx2.ConvertToVector256Int16(vb.GetLower())));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(va.GetUpper()), Avx2.ConvertToVector256Int16(vb.GetUpper())));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }
}
