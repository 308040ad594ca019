using System;
using System.Numerics;

namespace EdgeVae.Contract
{
    /// <summary>
    /// The fixed-point front-end's tables — FFT twiddles and windows in Q15 — computed with integers only (a fixed-point
    /// Taylor series with 64 guard bits over π from Machin's formula), so every machine that builds a model writes the same
    /// tables, whatever its floating-point library. Each entry is the exact value rounded to the nearest Q15 code (ties away
    /// from zero) and saturated at 32767 (1.0 has no Q15 code). Tests hold them to BigFloat's correctly rounded cos(πx).
    /// </summary>
    public static class TrigTables
    {
        private const int Bits = 96;

        /// <summary>cos(2πk/n) in Q15 for k = 0 … n/2 − 1: the real parts of an n-point FFT's twiddles.</summary>
        public static short[] CosineQ15(int n) => Table(n, n / 2, (k, m) => CosTwoPi(k, m));

        /// <summary>sin(2πk/n) in Q15 for k = 0 … n/2 − 1: the imaginary parts of an n-point FFT's twiddles (negated for the forward transform).</summary>
        public static short[] SineQ15(int n) => Table(n, n / 2, (k, m) => CosTwoPi(4 * k - m, 4 * m)); // sin x = cos(x − π/2)

        /// <summary>The periodic Hann window (torch.hann_window's default), 0.5 − 0.5·cos(2πk/n), in Q15.</summary>
        public static short[] HannQ15(int n) => Table(n, n, (k, m) => (BigInteger.One << (Bits - 1)) - (CosTwoPi(k, m) >> 1));

        /// <summary>The periodic Hamming window, 0.54 − 0.46·cos(2πk/n), in Q15.</summary>
        public static short[] HammingQ15(int n) => Table(n, n, (k, m) => (BigInteger.One << Bits) * 54 / 100 - CosTwoPi(k, m) * 46 / 100);

        private static short[] Table(int n, int count, Func<int, int, BigInteger> value)
        {
            if (n < 2 || (n & (n - 1)) != 0) throw new ArgumentException("TrigTables: the length is a power of two ≥ 2, not " + n + ".");
            var table = new short[count];
            for (int k = 0; k < count; k++) table[k] = ToQ15(value(k, n));
            return table;
        }

        /// <summary>v · 2^−Bits rounded to Q15 (half away from zero), saturated to the int16 range.</summary>
        private static short ToQ15(BigInteger v)
        {
            int shift = Bits - 15;
            BigInteger half = BigInteger.One << (shift - 1);
            BigInteger q = v.Sign >= 0 ? (v + half) >> shift : -((-v + half) >> shift);
            if (q > short.MaxValue) return short.MaxValue;
            if (q < short.MinValue) return short.MinValue;
            return (short)q;
        }

        /// <summary>cos(2πk/m) · 2^Bits, within a unit or two: folded into [0, π/2], then a Taylor series.</summary>
        private static BigInteger CosTwoPi(int k, int m)
        {
            long kk = ((long)k % m + m) % m;          // k/m turns, in [0, 1)
            if (2 * kk > m) kk = m - kk;              // cos(2π(1 − t)) = cos 2πt: t in [0, 1/2]
            if (4 * kk > m) return -CosHalfTurnFraction(m - 2 * kk, m); // cos 2πt = −cos(2π(1/2 − t))
            return CosHalfTurnFraction(2 * kk, m);
        }

        /// <summary>cos(π·a/b) · 2^Bits for 0 ≤ a/b ≤ 1/2.</summary>
        private static BigInteger CosHalfTurnFraction(long a, long b)
        {
            int w = Bits + 64;
            if (4 * a > b) return SinFixed(Pi(w) * (b - 2 * a) / (2 * b), w) >> 64; // cos x = sin(π/2 − x), x beyond π/4
            return CosFixed(Pi(w) * a / b, w) >> 64;
        }

        private static BigInteger CosFixed(BigInteger x, int w)
        {
            BigInteger one = BigInteger.One << w, x2 = (x * x) >> w, term = one, sum = one;
            for (int n = 1; !term.IsZero; n++)
            {
                term = -((term * x2) >> w) / ((2 * n - 1) * (2 * n));
                sum += term;
            }
            return sum;
        }

        private static BigInteger SinFixed(BigInteger x, int w)
        {
            BigInteger x2 = (x * x) >> w, term = x, sum = x;
            for (int n = 1; !term.IsZero; n++)
            {
                term = -((term * x2) >> w) / ((2 * n) * (2 * n + 1));
                sum += term;
            }
            return sum;
        }

        private static BigInteger s_pi;
        private static int s_piBits;
        private static readonly object s_gate = new object();

        /// <summary>π · 2^w by Machin's formula, 16·atan(1/5) − 4·atan(1/239).</summary>
        private static BigInteger Pi(int w)
        {
            lock (s_gate)
            {
                if (s_piBits != w)
                {
                    int g = w + 16;
                    s_pi = (16 * AtanInverse(5, g) - 4 * AtanInverse(239, g)) >> 16;
                    s_piBits = w;
                }
                return s_pi;
            }
        }

        private static BigInteger AtanInverse(int n, int w)
        {
            BigInteger power = (BigInteger.One << w) / n, sum = power, n2 = n * n;
            for (int k = 1; !power.IsZero; k++)
            {
                power /= n2;
                BigInteger term = power / (2 * k + 1);
                sum += (k & 1) == 1 ? -term : term;
            }
            return sum;
        }
    }
}
