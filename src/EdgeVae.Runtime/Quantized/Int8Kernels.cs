using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeVae.Runtime.Quantized;

/// <summary>
/// int8 inference kernels (TensorFlow Lite's int8 scheme): a dense layer with int32 accumulation and
/// per-channel requantization, and the table lookup for nonlinearities. Span in, span out, no allocation;
/// the dot product has an AVX2 path (exact: integer sums do not depend on their order) beside the scalar one.
/// </summary>
public static class Int8Kernels
{
    /// <summary>
    /// output[c] = clamp(outZeroPoint + MBQM(bias[c] + Σ_j input[j]·weights[c·k + j], multiplier[c], shift[c]), min, max)
    /// for c in [0, output.Length); the input zero point is already folded into <paramref name="bias"/>.
    /// </summary>
    public static void Dense(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
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
                    for (int r = 0; r < 8; r++) output[c + r] = Requantize(bias[c + r] + sums[r], multiplier[c + r], shift[c + r], outZeroPoint, min, max);
                    continue;
                }
                var acc = Vector256.Create((ReadOnlySpan<int>)sums) + Vector256.Create(bias.Slice(c, 8));
                var q = zp + FixedPointMath.MultiplyByQuantizedMultiplier(acc, m, Vector256.Create(shift.Slice(c, 8)));
                q = Vector256.Min(Vector256.Max(q, lo), hi);
                for (int r = 0; r < 8; r++) output[c + r] = (sbyte)q[r];
            }
        }
        for (; c < n; c++)
            output[c] = Requantize(bias[c] + Dot(input, weights.Slice(c * k, k)), multiplier[c], shift[c], outZeroPoint, min, max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static sbyte Requantize(int acc, int multiplier, int shift, int zeroPoint, int min, int max)
    {
        int q = zeroPoint + FixedPointMath.MultiplyByQuantizedMultiplier(acc, multiplier, shift);
        return (sbyte)(q < min ? min : q > max ? max : q);
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

    /// <summary>values[i] = table[values[i] + 128]: a nonlinearity precomputed for all 256 int8 codes.</summary>
    public static void Lookup(Span<sbyte> values, ReadOnlySpan<short> table)
    {
        if (table.Length != 256) throw new ArgumentException("An int8 activation table has 256 entries.", nameof(table));
        for (int i = 0; i < values.Length; i++) values[i] = (sbyte)table[values[i] + 128];
    }

    /// <summary>Sixteen lanes of <see cref="Quantize"/>, its constants broadcast once per call.</summary>
    private readonly struct QuantizeLanes(float scale, int zeroPoint)
    {
        private readonly Vector512<float> _scale = Vector512.Create(scale), _limit = Vector512.Create(1073741824f), _half = Vector512.Create(0.5f);
        private readonly Vector512<int> _zeroPoint = Vector512.Create(zeroPoint);

        /// <summary>The same IEEE operations as the scalar path; the saturating narrow (vpmovsdb) is the clamp to [−128, 127].</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<sbyte> Apply(Vector512<float> x)
        {
            var v = x / _scale;
            var magnitude = Vector512.ConvertToInt32(Vector512.Min(Vector512.Abs(v), _limit) + _half);
            var rounded = Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512<float>.Zero).AsInt32(), -magnitude, magnitude);
            rounded = Vector512.ConditionalSelect(Vector512.Equals(v, v).AsInt32(), rounded, Vector512<int>.Zero); // NaN → 0, as the scalar path
            return Avx512F.ConvertToVector128SByteWithSaturation(rounded + _zeroPoint);
        }
    }

    /// <summary>
    /// normalized[i] = (input[i] − offset[i])·normScale[i] and q[i] = clamp(round(normalized[i] / scale) + zeroPoint) in one
    /// pass: the model's input normalisation and quantization, each element through exactly the operations of
    /// <see cref="Float.FloatKernels.Normalize"/> and <see cref="Quantize"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NormalizeAndQuantize(ReadOnlySpan<float> input, ReadOnlySpan<float> offset, ReadOnlySpan<float> normScale,
        Span<float> normalized, float scale, int zeroPoint, Span<sbyte> q)
    {
        int n = input.Length, i = 0;
        if (offset.Length != n || normScale.Length != n || normalized.Length < n || q.Length < n)
            throw new ArgumentException($"NormalizeAndQuantize: offset, scale and both outputs must hold {n} values, one per feature.");
        if (Avx512F.IsSupported)
        {
            var lanes = new QuantizeLanes(scale, zeroPoint);
            ref float px = ref MemoryMarshal.GetReference(input);
            ref float po = ref MemoryMarshal.GetReference(offset);
            ref float ps = ref MemoryMarshal.GetReference(normScale);
            ref float pn = ref MemoryMarshal.GetReference(normalized);
            ref sbyte pq = ref MemoryMarshal.GetReference(q);
            for (; i <= n - 16; i += 16)
            {
                var v = (Vector512.LoadUnsafe(ref px, (nuint)i) - Vector512.LoadUnsafe(ref po, (nuint)i)) * Vector512.LoadUnsafe(ref ps, (nuint)i);
                v.StoreUnsafe(ref pn, (nuint)i);
                lanes.Apply(v).StoreUnsafe(ref pq, (nuint)i);
            }
        }
        if (i < n)
        {
            Float.FloatKernels.Normalize(input[i..], offset[i..], normScale[i..], normalized[i..n]);
            Quantize(normalized[i..n], scale, zeroPoint, q[i..n]);
        }
    }

    /// <summary>
    /// q = clamp(round(x / scale) + zeroPoint) for every element (the input quantization), rounding half away from
    /// zero exactly as <see cref="FixedPointMath.RoundHalfAwayFromZero"/> does: the vector path performs the same IEEE
    /// operations lane by lane (division, |v| + ½, truncation), so both paths give identical codes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize(ReadOnlySpan<float> x, float scale, int zeroPoint, Span<sbyte> q)
    {
        if (q.Length < x.Length) throw new ArgumentException("Quantize: the output is shorter than the input.", nameof(q));
        int i = 0;
        if (Avx512F.IsSupported)
        {
            var lanes = new QuantizeLanes(scale, zeroPoint);
            ref float px = ref MemoryMarshal.GetReference(x);
            ref sbyte pq = ref MemoryMarshal.GetReference(q);
            for (; i <= x.Length - 16; i += 16)
                lanes.Apply(Vector512.LoadUnsafe(ref px, (nuint)i)).StoreUnsafe(ref pq, (nuint)i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var vScale = Vector256.Create(scale);
            var limit = Vector256.Create(1073741824f);
            var half = Vector256.Create(0.5f);
            var zp = Vector256.Create(zeroPoint);
            var lo = Vector256.Create(-128);
            var hi = Vector256.Create(127);
            ref float px = ref MemoryMarshal.GetReference(x);
            ref byte pq = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(q));
            for (; i <= x.Length - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref px, (nuint)i) / vScale;
                var magnitude = Vector256.ConvertToInt32(Vector256.Min(Vector256.Abs(v), limit) + half);
                var rounded = Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<float>.Zero).AsInt32(), -magnitude, magnitude);
                rounded = Vector256.ConditionalSelect(Vector256.Equals(v, v).AsInt32(), rounded, Vector256<int>.Zero); // NaN → 0, as the scalar path
                var clamped = Vector256.Min(Vector256.Max(rounded + zp, lo), hi);
                // Clamped to the int8 range, so narrowing is exact.
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref pq, i), Vector256.Narrow(Vector256.Narrow(clamped, clamped), Vector256<short>.Zero).AsInt64().ToScalar());
            }
        }
        for (; i < x.Length; i++)
        {
            int v = FixedPointMath.RoundHalfAwayFromZero(x[i] / scale) + zeroPoint;
            q[i] = (sbyte)(v < -128 ? -128 : v > 127 ? 127 : v);
        }
    }
}
