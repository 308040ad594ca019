using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeVae.Runtime.Quantized;

/// <summary>
/// TensorFlow Lite's fixed-point requantization (gemmlowp): x·M with M = mantissa·2^(shift−31), as a saturating
/// rounding doubling high multiply and a rounding right shift. Bit-identical to the generator's quantizer
/// and to the nanoFramework code it emits (tests hold all three equal).
/// </summary>
public static class FixedPointMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SaturatingRoundingDoublingHighMul(int a, int b)
    {
        if (a == int.MinValue && b == int.MinValue) return int.MaxValue;
        long ab = (long)a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int)((ab + nudge) / (1L << 31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RoundingDivideByPowerOfTwo(int x, int exponent)
    {
        int mask = (1 << exponent) - 1;
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplier(int x, int mantissa, int shift)
    {
        int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
        return RoundingDivideByPowerOfTwo(SaturatingRoundingDoublingHighMul(x * (1 << left), mantissa), right);
    }

    /// <summary>The 64-bit accumulator version (int16 activations): saturate to int32, then requantize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplier(long x, int mantissa, int shift)
    {
        int clamped = x > int.MaxValue ? int.MaxValue : x < int.MinValue ? int.MinValue : (int)x;
        return MultiplyByQuantizedMultiplier(clamped, mantissa, shift);
    }

    /// <summary>Round half away from zero in float arithmetic (identical on every target).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RoundHalfAwayFromZero(float v)
    {
        // Saturate at ±2^30 so adding a zero point cannot overflow (every caller clamps to int8/int16 next).
        if (v >= 1073741824f) return 1073741824;
        if (v <= -1073741824f) return -1073741824;
        return v >= 0 ? (int)(v + 0.5f) : -(int)(-v + 0.5f);
    }

    /// <summary>
    /// <see cref="MultiplyByQuantizedMultiplier(int, int, int)"/> on eight lanes at once (AVX2), bit for bit: the 64-bit
    /// products come from the even and odd lanes separately, and the truncating division by 2^31 is done with a
    /// logical shift of a value biased by 2^62 (AVX2 has no 64-bit arithmetic shift). Mantissas must be ≥ 0, as the
    /// quantizer makes them; callers check <see cref="Avx2.IsSupported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyByQuantizedMultiplier(Vector256<int> x, Vector256<int> mantissa, Vector256<int> shift)
    {
        return Avx512F.VL.IsSupported ? MultiplyByQuantizedMultiplierAvx512(x, mantissa, shift) : MultiplyByQuantizedMultiplierAvx2(x, mantissa, shift);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> MultiplyByQuantizedMultiplierAvx2(Vector256<int> x, Vector256<int> mantissa, Vector256<int> shift)
    {
        var left = Avx2.Max(shift, Vector256<int>.Zero).AsUInt32();
        var right = Avx2.Max(Vector256<int>.Zero - shift, Vector256<int>.Zero).AsUInt32();
        var a = Avx2.ShiftLeftLogicalVariable(x, left);
        var even = HighMul(Avx2.Multiply(a, mantissa));
        var odd = HighMul(Avx2.Multiply(Avx2.ShiftRightLogical(a.AsInt64(), 32).AsInt32(), Avx2.ShiftRightLogical(mantissa.AsInt64(), 32).AsInt32()));
        var high = Avx2.Blend(even.AsInt32(), Avx2.ShiftLeftLogical(odd, 32).AsInt32(), 0b10101010);
        // Rounding divide by 2^right, ties away from zero.
        var mask = Avx2.ShiftLeftLogicalVariable(Vector256<int>.One, right) - Vector256<int>.One;
        var remainder = high & mask;
        var threshold = Avx2.ShiftRightLogical(mask, 1) - Avx2.ShiftRightArithmetic(high, 31);
        return Avx2.ShiftRightArithmeticVariable(high, right) - Avx2.CompareGreaterThan(remainder, threshold);
    }

    /// <summary>
    /// The same with AVX-512's 64-bit lanes: sign-extended products of all eight lanes in one register, arithmetic
    /// shifts for the truncating division, and one narrowing back to int32 — about a third of the AVX2 instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> MultiplyByQuantizedMultiplierAvx512(Vector256<int> x, Vector256<int> mantissa, Vector256<int> shift)
    {
        var left = Avx2.Max(shift, Vector256<int>.Zero).AsUInt32();
        var right = Avx2.Max(Vector256<int>.Zero - shift, Vector256<int>.Zero).AsUInt32();
        var a = Avx512F.ConvertToVector512Int64(Avx2.ShiftLeftLogicalVariable(x, left));
        var ab = Avx512F.Multiply(a.AsInt32(), Avx512F.ConvertToVector512Int64(mantissa).AsInt32()); // vpmuldq: exact 64-bit products
        // + nudge (2^30, or 1 − 2^30 below zero), then divide by 2^31 truncating toward zero.
        var v = ab + Vector512.Create(1L << 30) + (Avx512F.ShiftRightArithmetic(ab, 63) & Vector512.Create(1 - (1L << 31)));
        var high = Avx512F.ConvertToVector256Int32(Avx512F.ShiftRightArithmetic(v + (Avx512F.ShiftRightArithmetic(v, 63) & Vector512.Create((1L << 31) - 1)), 31));
        var mask = Avx2.ShiftLeftLogicalVariable(Vector256<int>.One, right) - Vector256<int>.One;
        var threshold = Avx2.ShiftRightLogical(mask, 1) - Avx2.ShiftRightArithmetic(high, 31);
        return Avx2.ShiftRightArithmeticVariable(high, right) - Avx2.CompareGreaterThan(high & mask, threshold);
    }

    /// <summary>(int)((ab + nudge) / 2^31) per 64-bit lane, truncating toward zero, left in the lane's low 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> HighMul(Vector256<long> ab)
    {
        var negative = Avx2.CompareGreaterThan(Vector256<long>.Zero, ab);
        var v = ab + Vector256.ConditionalSelect(negative, Vector256.Create(1 - (1L << 30)), Vector256.Create(1L << 30));
        var bias = Vector256.ConditionalSelect(Avx2.CompareGreaterThan(Vector256<long>.Zero, v), Vector256.Create((1L << 31) - 1), Vector256<long>.Zero);
        return Avx2.ShiftRightLogical(v + bias + Vector256.Create(1L << 62), 31) - Vector256.Create(1L << 31);
    }
}
