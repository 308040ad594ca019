using System;
using System.Numerics;

namespace EdgeVae.Contract
{
    /// <summary>
    /// The fixed-point front-end's logarithm tables, computed with integers only (binary digits of log₂ by repeated squaring
    /// with 64 guard bits), so every machine that builds a model writes the same tables whatever its floating-point library:
    /// log₂(1 + i/256) in Q16 for i = 0 … 256, and 10·log₁₀ 2 (decibels per octave of power) in Q24. Each is the exact value
    /// rounded to nearest; none of them is a rounding midpoint (the logarithms are irrational but at i = 0 and 256).
    /// </summary>
    public static class LogTables
    {
        /// <summary>Entries of <see cref="Log2Q16"/> past the first: the interpolation's segments.</summary>
        public const int Segments = 256;

        private const int Guard = 64;

        /// <summary>log₂(1 + i/256) · 2^16 rounded to nearest, for i = 0 … 256 (the last entry is 65536).</summary>
        public static int[] Log2Q16()
        {
            var table = new int[Segments + 1];
            for (int i = 0; i <= Segments; i++) table[i] = (int)RoundShift(Log2Fraction(Segments + i, Segments, 16 + Guard), Guard);
            return table;
        }

        /// <summary>10·log₁₀ 2 · 2^24 rounded to nearest: the decibels of one octave of power, 10 / log₂ 10.</summary>
        public static int DecibelsPerOctaveQ24()
        {
            int bits = 24 + Guard;
            BigInteger log2Of10 = (BigInteger)3 << (bits + 8) | Log2Fraction(5, 4, bits + 8); // log₂ 10 = 3 + log₂ 1.25
            BigInteger q = ((BigInteger)10 << (2 * bits + 8)) / log2Of10;                      // 10 / log₂ 10 at 2^bits
            return (int)RoundShift(q, Guard);
        }

        /// <summary>log₂(a/b) · 2^bits, truncated, for 1 ≤ a/b ≤ 2.</summary>
        private static BigInteger Log2Fraction(long a, long b, int bits)
        {
            if (a == 2 * b) return BigInteger.One << bits;
            int w = bits + Guard;
            BigInteger one = BigInteger.One << w, two = one << 1, y = ((BigInteger)a << w) / b, result = BigInteger.Zero;
            for (int bit = bits - 1; bit >= 0; bit--)
            {
                y = (y * y) >> w;
                if (y >= two)
                {
                    y >>= 1;
                    result |= BigInteger.One << bit;
                }
            }
            return result;
        }

        private static BigInteger RoundShift(BigInteger v, int shift) => (v + (BigInteger.One << (shift - 1))) >> shift;
    }
}
