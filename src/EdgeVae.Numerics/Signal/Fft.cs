using System.Numerics;

namespace EdgeVae.Numerics.Signal;

/// <summary>
/// The front-end's transform in the trainer's precision T (float, double, Half, BigFloat): the discrete Fourier transform
/// X_k = Σ x_j e^(−2πijk/n) by radix-2 decimation in time, twiddles from T's own cos(πx) and sin(πx) — correctly rounded
/// for BigFloat, so at BigFloat's precision this is the oracle the fixed-point transform is measured against.
/// </summary>
public static class Fft
{
    /// <summary>Transforms re + i·im in place (n = re.Length, a power of two); unscaled, as numpy.fft.fft.</summary>
    public static void Forward<T>(Span<T> re, Span<T> im) where T : INumber<T>, ITrigonometricFunctions<T>
    {
        int n = re.Length;
        if (n < 1 || (n & (n - 1)) != 0 || im.Length != n)
            throw new ArgumentException($"Fft: re and im hold the same power-of-two count of values ({re.Length}, {im.Length}).");
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j |= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        T two = T.CreateChecked(2);
        for (int size = 2; size <= n; size <<= 1)
        {
            int half = size >> 1;
            for (int k = 0; k < half; k++)
            {
                T angle = two * T.CreateChecked(k) / T.CreateChecked(size);
                T wr = T.CosPi(angle), wi = -T.SinPi(angle);
                for (int j = k; j < n; j += size)
                {
                    int b = j + half;
                    T tr = wr * re[b] - wi * im[b], ti = wr * im[b] + wi * re[b];
                    re[b] = re[j] - tr;
                    im[b] = im[j] - ti;
                    re[j] += tr;
                    im[j] += ti;
                }
            }
        }
    }

    /// <summary>The one-sided power spectrum |X_k|², k = 0 … n/2, of a real signal's transform.</summary>
    public static void Power<T>(ReadOnlySpan<T> re, ReadOnlySpan<T> im, Span<T> power) where T : INumber<T>
    {
        int bins = re.Length / 2 + 1;
        if (power.Length != bins) throw new ArgumentException($"Fft: the power spectrum of {re.Length} points has {bins} bins, not {power.Length}.");
        for (int k = 0; k < bins; k++) power[k] = re[k] * re[k] + im[k] * im[k];
    }

    /// <summary>The periodic Hann window of length n (torch.hann_window's default): 0.5 − 0.5·cos(2πk/n).</summary>
    public static T[] Hann<T>(int n) where T : INumber<T>, ITrigonometricFunctions<T>
    {
        var w = new T[n];
        T half = T.One / T.CreateChecked(2);
        for (int k = 0; k < n; k++) w[k] = half - half * T.CosPi(T.CreateChecked(2 * k) / T.CreateChecked(n));
        return w;
    }
}
