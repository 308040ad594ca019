using System;

namespace EdgeVae.Contract
{
    /// <summary>
    /// TensorFlow Lite's (gemmlowp's) fixed-point requantization, bit for bit: a real multiplier M &gt; 0 becomes an
    /// int32 Q31 mantissa and a power-of-two shift; x·M is computed as a saturating rounding doubling high multiply
    /// followed by a rounding right shift. The quantizer, the runtime's kernels (their scalar paths and the reference
    /// the vector paths are tested against) and, as a written-out copy, the nanoFramework code all compute with these.
    /// </summary>
    public static class FixedPoint
    {
        /// <summary>M = mantissa · 2^(shift − 31), mantissa in [2^30, 2^31); 0 for a multiplier that is not positive and finite.</summary>
        public static void QuantizeMultiplier(double real, out int mantissa, out int shift)
        {
            if (real <= 0 || double.IsNaN(real) || double.IsInfinity(real))
            {
                mantissa = 0;
                shift = 0;
                return;
            }
            shift = 0;
            double q = real;
            while (q >= 1) { q /= 2; shift++; }
            while (q < 0.5) { q *= 2; shift--; }
            long m = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
            if (m == 1L << 31) { m /= 2; shift++; }
            if (shift < -31) { shift = 0; m = 0; }
            mantissa = (int)m;
        }

        public static int SaturatingRoundingDoublingHighMul(int a, int b)
        {
            if (a == int.MinValue && b == int.MinValue) return int.MaxValue;
            long ab = (long)a * b;
            long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
            return (int)((ab + nudge) / (1L << 31));
        }

        public static int RoundingDivideByPowerOfTwo(int x, int exponent)
        {
            int mask = (1 << exponent) - 1;
            int remainder = x & mask;
            int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
            return (x >> exponent) + (remainder > threshold ? 1 : 0);
        }

        /// <summary>round(x · mantissa · 2^(shift − 31)) as TensorFlow Lite's MultiplyByQuantizedMultiplier.</summary>
        public static int MultiplyByQuantizedMultiplier(int x, int mantissa, int shift)
        {
            int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
            return RoundingDivideByPowerOfTwo(SaturatingRoundingDoublingHighMul(x * (1 << left), mantissa), right);
        }

        /// <summary>
        /// The 64-bit accumulator version for int16 activations: the accumulator is first brought into int32 range
        /// exactly as TensorFlow Lite's 16x8 kernels do (saturating), then requantized.
        /// </summary>
        public static int MultiplyByQuantizedMultiplier(long x, int mantissa, int shift)
        {
            int clamped = x > int.MaxValue ? int.MaxValue : x < int.MinValue ? int.MinValue : (int)x;
            return MultiplyByQuantizedMultiplier(clamped, mantissa, shift);
        }

        /// <summary>An accumulator to an output code: zeroPoint + x·M, clamped to [min, max].</summary>
        public static int Requantize(int acc, int mantissa, int shift, int zeroPoint, int min, int max)
        {
            int q = zeroPoint + MultiplyByQuantizedMultiplier(acc, mantissa, shift);
            return q < min ? min : q > max ? max : q;
        }

        /// <summary>
        /// Round half away from zero in float arithmetic (the same on every target). NaN gives 0; values beyond ±2^30
        /// saturate there, so adding a zero point cannot overflow (every caller clamps to int8/int16 next).
        /// </summary>
        public static int RoundHalfAwayFromZero(float v)
        {
            // NaN is 0 by definition here, not by the runtime's float-to-int conversion (which .NET made saturating only
            // in version 9) and not through comparisons (which differ on nanoCLR).
            if (float.IsNaN(v)) return 0;
            if (v >= 1073741824f) return 1073741824;
            if (v <= -1073741824f) return -1073741824;
            return v >= 0 ? (int)(v + 0.5f) : -(int)(-v + 0.5f);
        }
    }
}
