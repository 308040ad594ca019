namespace EdgeVae.Contract
{
    // The text between the two markers is also the nanoFramework flavor's front-end: the emitter copies it, nested in the
    // generated model class. Keep it C# 7.3 with mscorlib 1.17 only (arrays, int and long arithmetic).
    // nanoFramework: begin
    /// <summary>
    /// The signal front-end's ops in fixed point, one frame of one channel at a time: the window (Q15 table), the power or
    /// magnitude spectrum (<see cref="FixedFft"/>), a filter bank (mel or bands; Q15 weights over a run of bins), decibels
    /// (a table log₂) and the conversion of the last op's integers into the network's float features. A row of values
    /// shares one exponent (block floating point): the real value of integer v is v · 2^exponent, in units of the frame
    /// op's full scale (a sample of 32768 is full scale), so quiet and loud frames keep the same relative precision.
    /// Integer operations only, the same on every machine: the trainer's simulation, the .NET flavor and the nanoFramework
    /// flavor run this code.
    /// </summary>
    public static class FixedFrontEnd
    {
        /// <summary>frame[t] = round(frame[t] · window[t] / 2^15) (half up): a Q15 window on samples within ±32768.</summary>
        public static void Window(int[] frame, short[] window)
        {
            for (int t = 0; t < frame.Length; t++) frame[t] = (frame[t] * window[t] + 16384) >> 15;
        }

        /// <summary>
        /// |X_k|² for k = 0 … n/2 of the real frame in <paramref name="re"/> (overwritten, like <paramref name="im"/>; both of
        /// length n), into <paramref name="power"/>; returns its exponent. A real FFT: the even and odd samples as one
        /// complex sequence z of n/2 points through <see cref="FixedFft"/>, then the split X_k = (Z_k + Z̄_{n/2−k})/2 −
        /// i·W_n^k·(Z_k − Z̄_{n/2−k})/2 (W_n = e^(−2πi/n), Q15 twiddles from the n-point tables, products rounded to nearest in
        /// 64 bits), computed at twice its value and halved (rounding half up) until every component is below 2^15, so the
        /// power fits 31 bits. Half the butterflies of a complex FFT of the frame. Samples are in units of 2^−15: the power's
        /// exponent is 2(e + h − 1) − 30 for the transform's block exponent e and h halvings.
        /// </summary>
        public static int PowerSpectrum(int[] re, int[] im, short[] cos, short[] sin, int[] power)
        {
            int n = re.Length, half = n / 2;
            // Pack: z_m = x_2m + i·x_2m+1, in place (re[m] = x_2m is read before it is overwritten, m ≤ 2m).
            for (int m = 0; m < half; m++)
            {
                im[m] = re[2 * m + 1];
                re[m] = re[2 * m];
            }
            int e = FixedFft.Forward(re, im, half, cos, sin);
            // The split, pair by pair (bins k and n/2 − k read Z_k and Z_{n/2−k} only), in place, at twice X.
            int zr0 = re[0], zi0 = im[0];
            for (int k = 1; k <= half / 2; k++)
            {
                int j = half - k;
                int ar = re[k], ai = im[k], br = re[j], bi = -im[j];
                int xr, xi;
                Split(ar, ai, br, bi, cos[k], sin[k], out xr, out xi);
                if (j != k)
                {
                    int yr, yi;
                    Split(br, -bi, ar, -ai, cos[j], sin[j], out yr, out yi);
                    re[j] = yr;
                    im[j] = yi;
                }
                re[k] = xr;
                im[k] = xi;
            }
            re[0] = 2 * (zr0 + zi0);
            im[0] = 0;
            re[half] = 2 * (zr0 - zi0);
            im[half] = 0;
            int h = FixedFft.HalveWhileAbove(re, im, half + 1, 1 << 15);
            for (int k = 0; k <= half; k++) power[k] = re[k] * re[k] + im[k] * im[k];
            return 2 * (e + h - 1) - 30;
        }

        /// <summary>
        /// 2·X_k from A = Z_k and B = conj(Z_{n/2−k}): (A + B) − i·W^k·(A − B) with W^k = c − i·s (Q15), the products
        /// summed in 64 bits and rounded to nearest (half up).
        /// </summary>
        private static void Split(int ar, int ai, int br, int bi, int c, int s, out int xr, out int xi)
        {
            int dr = ar - br, di = ai - bi;
            xr = ar + br + (int)(((long)c * di - (long)s * dr + 16384) >> 15);
            xi = ai + bi - (int)(((long)c * dr + (long)s * di + 16384) >> 15);
        }

        /// <summary>|X_k| for k = 0 … n/2, as <see cref="PowerSpectrum"/>: ⌊√(|X_k|² · 2^30)⌋ at exponent e − 30.</summary>
        public static int MagnitudeSpectrum(int[] re, int[] im, short[] cos, short[] sin, int[] magnitude)
        {
            int exponent = PowerSpectrum(re, im, cos, sin, magnitude);
            for (int k = 0; k < magnitude.Length; k++) magnitude[k] = SquareRoot((long)magnitude[k] << 30);
            return exponent / 2 - 15;
        }

        /// <summary>⌊√v⌋ for 0 ≤ v &lt; 2^62, digit by digit.</summary>
        public static int SquareRoot(long v)
        {
            long root = 0, bit = 1L << 60;
            while (bit > v) bit >>= 2;
            while (bit != 0)
            {
                if (v >= root + bit)
                {
                    v -= root + bit;
                    root = (root >> 1) + bit;
                }
                else root >>= 1;
                bit >>= 2;
            }
            return (int)root;
        }

        /// <summary>
        /// output[m] = Σ_j weights[o_m + j] · input[first[m] + j] for j &lt; count[m] (o_m the sum of the counts before m),
        /// non-negative inputs and Q15 weights (≤ 32768) summed in 64 bits, then the row rounded to below 2^31 by one shared
        /// right shift; returns the output's exponent. <paramref name="sums"/> is scratch of output.Length.
        /// </summary>
        public static int FilterBank(int[] input, int exponent, int[] first, int[] count, int[] weights, long[] sums, int[] output)
        {
            int w = 0;
            long max = 0;
            for (int m = 0; m < output.Length; m++)
            {
                long s = 0;
                int k = first[m];
                for (int j = 0; j < count[m]; j++) s += (long)weights[w++] * input[k + j];
                sums[m] = s;
                if (s > max) max = s;
            }
            int shift = RowShift(max);
            long half = shift > 0 ? 1L << (shift - 1) : 0;
            for (int m = 0; m < output.Length; m++) output[m] = (int)((sums[m] + half) >> shift);
            return exponent - 15 + shift;
        }

        /// <summary>The smallest right shift (rounding half up) that brings a non-negative sum of at most <paramref name="max"/> within int32.</summary>
        public static int RowShift(long max)
        {
            int shift = 0;
            while (((max + (shift > 0 ? 1L << (shift - 1) : 0)) >> shift) > int.MaxValue) shift++;
            return shift;
        }

        /// <summary>
        /// output[i] = max(round(256 · 10·log₁₀(values[i] · 2^exponent)), floorQ8): decibels in Q8 through log₂ by its
        /// leading bit and a 256-segment table (<see cref="LogTables.Log2Q16"/>) interpolated linearly, times 10·log₁₀ 2
        /// (<paramref name="decibelsPerOctaveQ24"/>). A value of 0 (or below) gives the floor.
        /// </summary>
        public static void Decibels(int[] values, int exponent, int[] log2Table, int decibelsPerOctaveQ24, int floorQ8, int[] output)
        {
            for (int i = 0; i < values.Length; i++)
            {
                int v = values[i];
                if (v <= 0)
                {
                    output[i] = floorQ8;
                    continue;
                }
                // b = ⌊log₂ v⌋ by binary search: five steps whatever the value.
                int b = 0, u = v;
                if (u >= 1 << 16) { u >>= 16; b += 16; }
                if (u >= 1 << 8) { u >>= 8; b += 8; }
                if (u >= 1 << 4) { u >>= 4; b += 4; }
                if (u >= 1 << 2) { u >>= 2; b += 2; }
                if (u >= 1 << 1) b += 1;
                int m = v << (30 - b);                      // in [2^30, 2^31): 1.f in Q30
                int fraction = m - (1 << 30);
                int segment = fraction >> 22, within = fraction & 0x3FFFFF;
                int low = log2Table[segment];
                int log2 = low + (int)(((long)(log2Table[segment + 1] - low) * within + (1 << 21)) >> 22);
                long log2Q16 = ((long)(b + exponent) << 16) + log2;
                int db = (int)((log2Q16 * decibelsPerOctaveQ24 + (1L << 31)) >> 32);
                output[i] = db < floorQ8 ? floorQ8 : db;
            }
        }

        /// <summary>
        /// One frame of one channel through the whole chain: the samples in <paramref name="re"/> (int16 range; overwritten),
        /// the window if <paramref name="window"/> is not null, the power (or magnitude) spectrum, the filter bank if
        /// <paramref name="first"/> is not null, decibels if <paramref name="log"/>; the features into <paramref name="result"/>
        /// (its first values). Returns their exponent: feature j is <see cref="ToFloat"/>(result[j], exponent) (decibels
        /// are in Q8, exponent −8).
        /// </summary>
        public static int Frame(int[] re, int[] im, short[] window, short[] cos, short[] sin, bool magnitude, int[] spectrum,
            int[] first, int[] count, int[] weights, long[] sums, int[] bank, bool log, int[] log2Table, int decibelsPerOctaveQ24, int floorQ8, int[] result)
        {
            if (window != null) Window(re, window);
            int exponent = magnitude ? MagnitudeSpectrum(re, im, cos, sin, spectrum) : PowerSpectrum(re, im, cos, sin, spectrum);
            int[] values = spectrum;
            if (first != null)
            {
                exponent = FilterBank(spectrum, exponent, first, count, weights, sums, bank);
                values = bank;
            }
            if (log)
            {
                Decibels(values, exponent, log2Table, decibelsPerOctaveQ24, floorQ8, result);
                return -8;
            }
            for (int i = 0; i < values.Length; i++) result[i] = values[i];
            return exponent;
        }

        /// <summary>
        /// The statistics <paramref name="kinds"/> names (0 mean, 1 RMS, 2 standard deviation, 3 peak, 4 crest factor,
        /// 5 skewness, 6 kurtosis; full scale 1) of one frame's int16-range samples (at most 2048), into
        /// <paramref name="output"/>: exact 64-bit sums, integer square roots, and central moments summed in float32 about
        /// the exact mean in a fixed order — IEEE operations that give the same bits on every machine.
        /// </summary>
        public static void Statistics(int[] samples, int[] kinds, float[] output)
        {
            int n = samples.Length, peak = 0;
            long s1 = 0, s2 = 0;
            for (int t = 0; t < n; t++)
            {
                long q = samples[t];
                s1 += q;
                s2 += q * q;
                int a = samples[t] < 0 ? -samples[t] : samples[t];
                if (a > peak) peak = a;
            }
            int rms = SquareRoot((s2 << 20) / n); // √(mean q²) · 2^10
            float m2 = 0, m3 = 0, m4 = 0;
            for (int t = 0; t < n; t++)
            {
                float d = (float)((long)n * samples[t] - s1) / n;
                float d2 = d * d;
                m2 += d2;
                m3 += d2 * d;
                m4 += d2 * d2;
            }
            for (int k = 0; k < kinds.Length; k++)
            {
                float v;
                switch (kinds[k])
                {
                    case 0: v = (float)s1 / n / 32768f; break;
                    case 1: v = ToFloat(rms, -25); break;
                    case 2: v = ToFloat(SquareRoot((((long)n * s2 - s1 * s1) / n << 20) / n), -25); break;
                    case 3: v = ToFloat(peak, -15); break;
                    case 4: v = rms == 0 ? 0f : (float)peak * 1024f / rms; break;
                    case 5: v = m2 == 0 ? 0f : m3 * SquareRoot((float)n) / (m2 * SquareRoot(m2)); break;
                    default: v = m2 == 0 ? 0f : n * m4 / (m2 * m2); break;
                }
                output[k] = v;
            }
        }

        /// <summary>√x for x ≥ 0 in float32 by exact scalings into [1, 4) and six Newton steps: not correctly rounded, but the same IEEE operations everywhere (mscorlib has no Math.Sqrt).</summary>
        public static float SquareRoot(float x)
        {
            if (!(x > 0)) return 0f;
            float scale = 1f, y = x;
            while (y >= 4f) { y *= 0.25f; scale *= 2f; }
            while (y < 1f) { y *= 4f; scale *= 0.5f; }
            float r = 1.5f;
            for (int i = 0; i < 6; i++) r = 0.5f * (r + y / r);
            return r * scale;
        }

        /// <summary>v · 2^exponent as a float: exact powers of two (while the result is a normal float), one rounding of v.</summary>
        public static float ToFloat(int v, int exponent)
        {
            float f = v, scale = 1f;
            for (int e = exponent; e > 0; e--) scale *= 2f;
            for (int e = exponent; e < 0; e++) scale *= 0.5f;
            return f * scale;
        }
    }
    // nanoFramework: end
}
