using System.Runtime.CompilerServices;

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
}
