namespace EdgeVae.Contract
{
    // The text between the two markers is also the nanoFramework flavor's FFT (see FixedFrontEnd).
    // nanoFramework: begin
    /// <summary>
    /// The fixed-point FFT of the signal front-end: radix-2 decimation in time over int32 working arrays, Q15 twiddles
    /// (<see cref="TrigTables"/>), each butterfly's product rounded to nearest, in block floating point: before a stage,
    /// every value is halved (with rounding) only if one of them has reached 2^14, so a stage cannot overflow and quiet
    /// spectra keep their low bits — where a scaled FFT (CMSIS-DSP's q15 transforms, a halving every stage) gives up one
    /// bit per stage. The result is DFT(x)·2^−e for the returned block exponent e, every component below 2^15 (so a power
    /// re² + im² fits in int32). Integer operations only, in C# 7.3 over arrays, so the trainer's simulation, the .NET
    /// flavor and the nanoFramework flavor compute the same integers.
    /// </summary>
    public static class FixedFft
    {
        /// <summary>
        /// Transforms re + i·im (n = re.Length, a power of two; every component within ±32768) in place into DFT·2^−e and
        /// returns e. <paramref name="cos"/> and <paramref name="sin"/> are the n-point tables (n/2 entries); a table for a
        /// larger power of two serves with a stride.
        /// </summary>
        public static int Forward(int[] re, int[] im, short[] cos, short[] sin)
        {
            if (im.Length != re.Length)
                throw new System.ArgumentException("FixedFft: re and im hold the same power-of-two count of values (" + re.Length + ", " + im.Length + ").");
            return Forward(re, im, re.Length, cos, sin);
        }

        /// <summary>As <see cref="Forward(int[], int[], short[], short[])"/> on the first <paramref name="n"/> values of each array.</summary>
        public static int Forward(int[] re, int[] im, int n, short[] cos, short[] sin)
        {
            if (n < 2 || (n & (n - 1)) != 0 || re.Length < n || im.Length < n)
                throw new System.ArgumentException("FixedFft: a transform of " + n + " values (a power of two) of arrays of " + re.Length + " and " + im.Length + ".");
            int tableN = 2 * cos.Length;
            if (sin.Length != cos.Length || tableN < n || tableN % n != 0)
                throw new System.ArgumentException("FixedFft: the twiddle tables are for " + tableN + " points; a transform of " + n + " needs tables for a multiple of it.");
            BitReverse(re, im, n);
            int exponent = 0;
            for (int size = 2; size <= n; size <<= 1)
            {
                // Below 2^14 per component, a value's magnitude is below 2^14·√2, a butterfly's below 2^15·√2: the products
                // with a Q15 twiddle stay within int32, and the next check sees the growth.
                exponent += HalveWhileAbove(re, im, n, 1 << 14);
                int half = size >> 1, stride = tableN / size;
                for (int k = 0; k < half; k++)
                {
                    // w = e^(−2πik/size) = cos − i·sin.
                    int wr = cos[k * stride], wi = -sin[k * stride];
                    for (int j = k; j < n; j += size)
                    {
                        int b = j + half;
                        int tr = (wr * re[b] - wi * im[b] + 16384) >> 15;
                        int ti = (wr * im[b] + wi * re[b] + 16384) >> 15;
                        int ar = re[j], ai = im[j];
                        re[j] = ar + tr;
                        im[j] = ai + ti;
                        re[b] = ar - tr;
                        im[b] = ai - ti;
                    }
                }
            }
            return exponent + HalveWhileAbove(re, im, n, 1 << 15);
        }

        /// <summary>Halves the first <paramref name="n"/> values (rounding half up) while any component reaches <paramref name="limit"/>; returns the halvings.</summary>
        public static int HalveWhileAbove(int[] re, int[] im, int n, int limit)
        {
            // The largest magnitude without a branch per value (|x| and max by sign masks; every value is within ±2^17).
            int max = 0;
            for (int i = 0; i < n; i++)
            {
                int x = re[i], y = im[i];
                int r = (x ^ (x >> 31)) - (x >> 31), m = (y ^ (y >> 31)) - (y >> 31);
                int d = max - r;
                max -= d & (d >> 31);
                d = max - m;
                max -= d & (d >> 31);
            }
            int shifts = 0;
            while (max >= limit)
            {
                for (int i = 0; i < n; i++)
                {
                    re[i] = (re[i] + 1) >> 1;
                    im[i] = (im[i] + 1) >> 1;
                }
                max = (max + 1) >> 1;
                shifts++;
            }
            return shifts;
        }

        /// <summary>|X_k|² = re² + im² for k = 0 … n/2 (the one-sided power spectrum of a real input), at 4^e for the transform's exponent e.</summary>
        public static void Power(int[] re, int[] im, int[] power)
        {
            int bins = re.Length / 2 + 1;
            if (power.Length != bins) throw new System.ArgumentException("FixedFft: the power spectrum of " + re.Length + " points has " + bins + " bins.");
            for (int k = 0; k < bins; k++) power[k] = re[k] * re[k] + im[k] * im[k];
        }

        private static void BitReverse(int[] re, int[] im, int n)
        {
            int bits = 0;
            while ((1 << bits) < n) bits++;
            for (int i = 1; i < n; i++)
            {
                // The reversed index by a fixed count of steps: no branch that depends on the index (a counting loop's
                // carry chain mispredicts on most indices, and this runs once per sample of every frame).
                int j = 0;
                for (int b = 0, v = i; b < bits; b++, v >>= 1) j = (j << 1) | (v & 1);
                if (i < j)
                {
                    int t = re[i]; re[i] = re[j]; re[j] = t;
                    t = im[i]; im[i] = im[j]; im[j] = t;
                }
            }
        }
    }
    // nanoFramework: end
}
