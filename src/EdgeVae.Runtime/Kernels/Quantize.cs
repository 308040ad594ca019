using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Kernels;

/// <summary>
/// Floats into integer codes, q = clamp(round(x / scale) + zeroPoint), rounding half away from zero exactly as
/// <see cref="FixedPoint.RoundHalfAwayFromZero"/> does (NaN gives 0): the vector paths perform the same IEEE operations
/// lane by lane (division, |v| + ½, truncation), so every path gives identical codes.
/// </summary>
public static class Quantize
{
    /// <summary>int8 codes of <paramref name="x"/> (asymmetric, with a zero point).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Int8(ReadOnlySpan<float> x, float scale, int zeroPoint, Span<sbyte> q)
    {
        if (q.Length < x.Length) throw new ArgumentException("Quantize: the output is shorter than the input.", nameof(q));
        int i = 0;
        if (Avx512F.IsSupported)
        {
            var lanes = new Int8Lanes(scale, zeroPoint);
            ref float px = ref MemoryMarshal.GetReference(x);
            ref sbyte pq = ref MemoryMarshal.GetReference(q);
            for (; i <= x.Length - 16; i += 16)
                lanes.Apply(Vector512.LoadUnsafe(ref px, (nuint)i)).StoreUnsafe(ref pq, (nuint)i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var vScale = Vector256.Create(scale);
            var zp = Vector256.Create(zeroPoint);
            var lo = Vector256.Create(-128);
            var hi = Vector256.Create(127);
            ref float px = ref MemoryMarshal.GetReference(x);
            ref byte pq = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(q));
            for (; i <= x.Length - 8; i += 8)
            {
                var clamped = Vector256.Min(Vector256.Max(Round(Vector256.LoadUnsafe(ref px, (nuint)i), vScale) + zp, lo), hi);
                // Clamped to the int8 range, so narrowing is exact.
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref pq, i), Vector256.Narrow(Vector256.Narrow(clamped, clamped), Vector256<short>.Zero).AsInt64().ToScalar());
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            // Arm64 NEON: the same operations four lanes at a time (see Round).
            var vScale = Vector128.Create(scale);
            var zp = Vector128.Create(zeroPoint);
            var lo = Vector128.Create(-128);
            var hi = Vector128.Create(127);
            ref float px = ref MemoryMarshal.GetReference(x);
            ref byte pq = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(q));
            for (; i <= x.Length - 4; i += 4)
            {
                var clamped = Vector128.Min(Vector128.Max(Round(Vector128.LoadUnsafe(ref px, (nuint)i), vScale) + zp, lo), hi);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref pq, i), Vector128.Narrow(Vector128.Narrow(clamped, clamped), Vector128<short>.Zero).AsInt32().ToScalar());
            }
        }
        var p = new QuantParams(scale, zeroPoint);
        for (; i < x.Length; i++) q[i] = (sbyte)p.Quantize(x[i], -128, 127);
    }

    /// <summary>int16 codes of <paramref name="x"/> (symmetric: zero point 0, range ±32767).</summary>
    public static void Int16(ReadOnlySpan<float> x, float scale, Span<short> q)
    {
        if (q.Length < x.Length) throw new ArgumentException("Quantize: the output is shorter than the input.", nameof(q));
        var p = new QuantParams(scale, 0);
        for (int i = 0; i < x.Length; i++) q[i] = (short)p.Quantize(x[i], -32767, 32767);
    }

    /// <summary>
    /// int16 codes in int32 (the signal front-end's samples): q = clamp(round(x / scale), ±32767), symmetric. Returns
    /// whether every value is finite (a NaN gives 0 and an infinity the clamp, as the scalar path; the caller marks the
    /// frames that held one).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Samples(ReadOnlySpan<float> x, float scale, Span<int> q)
    {
        if (q.Length < x.Length) throw new ArgumentException("Quantize: the output is shorter than the input.", nameof(q));
        int i = 0;
        bool finite = true;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref int pq = ref MemoryMarshal.GetReference(q);
        if (Vector256.IsHardwareAccelerated)
        {
            var (vScale, lo, hi, bad) = (Vector256.Create(scale), Vector256.Create(-32767), Vector256.Create(32767), Vector256<float>.Zero);
            for (; i <= x.Length - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref px, (nuint)i);
                bad |= Vector256.OnesComplement(Vector256.Equals(v - v, Vector256<float>.Zero)); // NaN or ±∞: v − v is NaN
                Vector256.Min(Vector256.Max(Round(v, vScale), lo), hi).StoreUnsafe(ref pq, (nuint)i);
            }
            finite = bad == Vector256<float>.Zero;
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var (vScale, lo, hi, bad) = (Vector128.Create(scale), Vector128.Create(-32767), Vector128.Create(32767), Vector128<float>.Zero);
            for (; i <= x.Length - 4; i += 4)
            {
                var v = Vector128.LoadUnsafe(ref px, (nuint)i);
                bad |= Vector128.OnesComplement(Vector128.Equals(v - v, Vector128<float>.Zero));
                Vector128.Min(Vector128.Max(Round(v, vScale), lo), hi).StoreUnsafe(ref pq, (nuint)i);
            }
            finite = bad == Vector128<float>.Zero;
        }
        var p = new QuantParams(scale, 0);
        for (; i < x.Length; i++)
        {
            float v = x[i];
            finite &= v - v == 0;
            q[i] = p.Quantize(v, -32767, 32767);
        }
        return finite;
    }

    /// <summary>
    /// round(x / scale) lane by lane with <see cref="FixedPoint.RoundHalfAwayFromZero"/>'s IEEE operations: the division,
    /// |v| saturated at 2^30, + ½, truncation, the sign put back; NaN gives 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> Round(Vector256<float> x, Vector256<float> scale)
    {
        var v = x / scale;
        var magnitude = Vector256.ConvertToInt32(Vector256.Min(Vector256.Abs(v), Vector256.Create(1073741824f)) + Vector256.Create(0.5f));
        var rounded = Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<float>.Zero).AsInt32(), -magnitude, magnitude);
        return Vector256.ConditionalSelect(Vector256.Equals(v, v).AsInt32(), rounded, Vector256<int>.Zero); // NaN → 0, as the scalar path
    }

    /// <summary>
    /// Four lanes of <see cref="Round(Vector256{float}, Vector256{float})"/>. On Arm64, fcvtzs truncates as cvttps2dq does;
    /// where fmin gives NaN for a NaN lane (x86's minps gives the limit), the NaN select makes both 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> Round(Vector128<float> x, Vector128<float> scale)
    {
        var v = x / scale;
        var magnitude = Vector128.ConvertToInt32(Vector128.Min(Vector128.Abs(v), Vector128.Create(1073741824f)) + Vector128.Create(0.5f));
        var rounded = Vector128.ConditionalSelect(Vector128.LessThan(v, Vector128<float>.Zero).AsInt32(), -magnitude, magnitude);
        return Vector128.ConditionalSelect(Vector128.Equals(v, v).AsInt32(), rounded, Vector128<int>.Zero);
    }

    /// <summary>Sixteen lanes of <see cref="Int8"/>, its constants broadcast once per call.</summary>
    internal readonly struct Int8Lanes(float scale, int zeroPoint)
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
}
