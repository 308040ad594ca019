using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Kernels;

/// <summary>
/// <see cref="FixedPoint.MultiplyByQuantizedMultiplier(int, int, int)"/> on eight lanes (x86) or four (Arm) at once,
/// bit for bit, for the kernels' vector paths (tests hold every lane equal to the contract's scalar definition).
/// </summary>
public static class VectorFixedPoint
{
    /// <summary>
    /// Eight lanes of TensorFlow Lite's requantization: AVX-512's 64-bit lanes where present, else AVX2's emulation.
    /// Mantissas must be ≥ 0, as the quantizer makes them; callers check <see cref="Avx2.IsSupported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyByQuantizedMultiplier(Vector256<int> x, Vector256<int> mantissa, Vector256<int> shift) =>
        Avx512F.VL.IsSupported ? MultiplyByQuantizedMultiplierAvx512(x, mantissa, shift) : MultiplyByQuantizedMultiplierAvx2(x, mantissa, shift);

    /// <summary>
    /// AVX2: the 64-bit products come from the even and odd lanes separately, and the truncating division by 2^31 is done
    /// with a logical shift of a value biased by 2^62 (AVX2 has no 64-bit arithmetic shift).
    /// </summary>
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

    /// <summary>
    /// Four lanes on Arm (AdvSimd), with the signed shift of TensorFlow Lite's definition. Callers check
    /// <see cref="AdvSimd.IsSupported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyByQuantizedMultiplier(Vector128<int> x, Vector128<int> mantissa, Vector128<int> shift) =>
        MultiplyByQuantizedMultiplierNeon(x, mantissa, Vector128.Max(shift, Vector128<int>.Zero), Vector128.Max(-shift, Vector128<int>.Zero));

    /// <summary>
    /// TensorFlow Lite's NEON requantization (as gemmlowp writes it): the left shift (wrapping, as the scalar
    /// definition's), <c>sqrdmulh</c> — exactly the saturating rounding doubling high multiply, saturation of
    /// MinValue² included — then <c>srshl</c> by −right, which rounds ties up; subtracting 1 from negative values first
    /// (a saturating add of the sign) makes it round ties away from zero. <paramref name="left"/> and
    /// <paramref name="right"/> are ≥ 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> MultiplyByQuantizedMultiplierNeon(Vector128<int> x, Vector128<int> mantissa, Vector128<int> left, Vector128<int> right)
    {
        var high = AdvSimd.MultiplyRoundedDoublingSaturateHigh(AdvSimd.ShiftLogical(x, left), mantissa);
        var down = Vector128<int>.Zero - right;
        var fixup = AdvSimd.ShiftRightArithmetic(high & down, 31); // −1 where high < 0 and right > 0
        return AdvSimd.ShiftArithmeticRounded(AdvSimd.AddSaturate(high, fixup), down);
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
