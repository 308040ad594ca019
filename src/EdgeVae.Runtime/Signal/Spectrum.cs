using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Signal;

/// <summary>
/// The power and magnitude spectrum of one frame, vectorised, giving <see cref="FixedFrontEnd.PowerSpectrum"/>'s integers
/// (after <see cref="FixedFrontEnd.Window"/>) bit for bit. The same butterflies with the same roundings and the same block
/// scaling, arranged for vectors:
/// <list type="bullet">
/// <item>the complex FFT is Stockham's form of the radix-2 decimation in time, out of place: each stage combines the same
/// two half-size transforms with the same twiddle as the in-place bit-reversed form, so every integer is the same, but
/// the input is read in natural order (no bit reversal) and every stage runs on contiguous vectors — across the
/// transforms while there are at least a vector's worth of them (j-major layout), then, after one transpose, along
/// each transform (k-major);</item>
/// <item>the block scaling is fused into the stages: each stage records the largest magnitude it writes, the next stage
/// halves on load as many times as <see cref="FixedFft.HalveWhileAbove"/> would (s halvings rounding half up are one
/// (v + 2^s − 1) &gt;&gt; s), so no pass over the data only to find its maximum;</item>
/// <item>the split of the real FFT's two interleaved halves computes its 64-bit products exactly in int32 lanes:
/// with d = h·2^15 + l (l the low 15 bits), (c·d + 2^14) &gt;&gt; 15 = c·h + ((c·l + 2^14) &gt;&gt; 15).</item>
/// </list>
/// A scalar path beside each vector path (128 and 256 bits); no allocation.
/// </summary>
public static class Spectrum
{
    /// <summary>The vector widths a test can ask for (the public methods take the widest this machine accelerates).</summary>
    internal enum Path
    {
        Scalar,
        Vector128,
        Vector256,
    }

    /// <summary>
    /// The widest path this machine accelerates. Not 512 bits: with 16 lanes, more of a 512-point transform's stages are
    /// too small for a vector either way and its transpose is larger, and it measured no faster than 256 bits.
    /// </summary>
    internal static Path Best => Lanes256.IsAccelerated ? Path.Vector256 : Lanes128.IsAccelerated ? Path.Vector128 : Path.Scalar;

    /// <summary><paramref name="path"/>, or the next narrower one this machine runs that has two vectors' worth of points.</summary>
    internal static Path Usable(Path path, int points)
    {
        if (path == Path.Vector256 && !(Lanes256.IsAccelerated && points >= 2 * Lanes256.Count)) path = Path.Vector128;
        if (path == Path.Vector128 && !(Lanes128.IsAccelerated && points >= 2 * Lanes128.Count)) path = Path.Scalar;
        return path;
    }

    /// <summary>
    /// |X_k|² for k = 0 … n/2 of the frame in <paramref name="samples"/> (n int16-range values, the plan's window applied
    /// first) into <paramref name="power"/>; returns the exponent: the power of bin k is power[k] · 2^exponent in units of
    /// full scale squared. <paramref name="work"/> holds <see cref="SpectrumPlan.WorkLength"/> values.
    /// </summary>
    public static int Power(ReadOnlySpan<int> samples, SpectrumPlan plan, Span<int> work, Span<int> power) => Power(samples, plan, work, power, Best);

    /// <summary>|X_k| for k = 0 … n/2, as <see cref="FixedFrontEnd.MagnitudeSpectrum"/>: ⌊√(|X_k|² · 2^30)⌋ at the returned exponent.</summary>
    public static int Magnitude(ReadOnlySpan<int> samples, SpectrumPlan plan, Span<int> work, Span<int> magnitude)
    {
        int exponent = Power(samples, plan, work, magnitude);
        for (int k = 0; k < plan.Bins; k++) magnitude[k] = FixedFrontEnd.SquareRoot((long)magnitude[k] << 30);
        return exponent / 2 - 15;
    }

    internal static int Power(ReadOnlySpan<int> samples, SpectrumPlan plan, Span<int> work, Span<int> power, Path path)
    {
        int n = plan.FrameLength;
        if (samples.Length != n) throw new ArgumentException($"Spectrum: a frame of {n} samples, not {samples.Length}.", nameof(samples));
        if (work.Length < plan.WorkLength) throw new ArgumentException($"Spectrum: {plan.WorkLength} values of work memory, not {work.Length}.", nameof(work));
        if (power.Length < plan.Bins) throw new ArgumentException($"Spectrum: {plan.Bins} power bins, not {power.Length}.", nameof(power));
        int points = plan.Points, size = points + 1;
        // Two pairs (re, im) of n/2 + 1 values: the stages go back and forth between them.
        var a = new Buffers(work, 0, size);
        var b = new Buffers(work, 2 * size, size);
        path = Usable(path, points);
        int max;
        int exponent = path switch
        {
            Path.Vector256 => Transform<Lanes256>(samples, plan, ref a, ref b, out max),
            Path.Vector128 => Transform<Lanes128>(samples, plan, ref a, ref b, out max),
            _ => TransformScalar(samples, plan, ref a, ref b, out max),
        };
        // The transform's last scaling (below 2^15), applied as the split loads; the split's own, as the power loads.
        int last = Halvings(max, 1 << 15);
        exponent += last;
        max = path switch
        {
            Path.Vector256 => Split<Lanes256>(a, b, plan, last),
            Path.Vector128 => Split<Lanes128>(a, b, plan, last),
            _ => SplitScalar(a, b, plan, last, 1),
        };
        int h = Halvings(max, 1 << 15);
        switch (path)
        {
            case Path.Vector256: PowerOf<Lanes256>(b, h, power[..size]); break;
            case Path.Vector128: PowerOf<Lanes128>(b, h, power[..size]); break;
            default: PowerOfScalar(b, h, power[..size], 0); break;
        }
        return 2 * (exponent + h - 1) - 30;
    }

    /// <summary>
    /// The complex FFT of the packed frame with vectors of <typeparamref name="V"/>: the result in natural order in
    /// <paramref name="a"/>, the block exponent returned, the largest magnitude of the result in <paramref name="max"/>.
    /// </summary>
    private static int Transform<V>(ReadOnlySpan<int> samples, SpectrumPlan plan, ref Buffers a, ref Buffers b, out int max) where V : struct, IInt32Lanes<V>
    {
        max = Pack<V>(samples, plan, a);
        int exponent = 0;
        bool kMajor = false;
        for (int half = 1; half < plan.Points; half <<= 1)
        {
            int shift = Halvings(max, 1 << 14);
            exponent += shift;
            max = Stage<V>(ref a, ref b, plan, half, plan.Points / (2 * half), shift, ref kMajor);
            Swap(ref a, ref b);
        }
        return exponent;
    }

    /// <summary>As <see cref="Transform{V}"/>, one value at a time.</summary>
    private static int TransformScalar(ReadOnlySpan<int> samples, SpectrumPlan plan, ref Buffers a, ref Buffers b, out int max)
    {
        max = PackScalar(samples, plan, a);
        int exponent = 0;
        for (int half = 1; half < plan.Points; half <<= 1)
        {
            int shift = Halvings(max, 1 << 14);
            exponent += shift;
            max = StageJMajorScalar(a, b, plan, half, plan.Points / (2 * half), shift);
            Swap(ref a, ref b);
        }
        return exponent;
    }

    /// <summary>How many times <see cref="FixedFft.HalveWhileAbove"/> halves values whose largest magnitude is <paramref name="max"/>.</summary>
    internal static int Halvings(int max, int limit)
    {
        int shifts = 0;
        while (max >= limit)
        {
            max = (max + 1) >> 1;
            shifts++;
        }
        return shifts;
    }

    /// <summary>v halved <paramref name="shift"/> times, each rounding half up: ⌊(v + 2^s − 1) / 2^s⌋ (nested floors of halves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Halve(int v, int shift) => (v + (1 << shift) - 1) >> shift;

    private static void Swap(ref Buffers a, ref Buffers b)
    {
        var t = a;
        a = b;
        b = t;
    }

    /// <summary>One pair of working arrays (re then im, each of the given length) inside the caller's span.</summary>
    private readonly ref struct Buffers(Span<int> work, int offset, int length)
    {
        public readonly Span<int> Re = work.Slice(offset, length);
        public readonly Span<int> Im = work.Slice(offset + length, length);
    }

    /// <summary>z_m = x_2m + i·x_2m+1 (windowed: (x·w + 2^14) &gt;&gt; 15) into <paramref name="z"/>; returns the largest magnitude.</summary>
    private static int PackScalar(ReadOnlySpan<int> x, SpectrumPlan plan, Buffers z)
    {
        int max = 0;
        var w = plan.Window;
        bool windowed = w.Length > 0;
        for (int m = 0; m < plan.Points; m++)
        {
            int re = x[2 * m], im = x[2 * m + 1];
            if (windowed)
            {
                re = (re * w[2 * m] + 16384) >> 15;
                im = (im * w[2 * m + 1] + 16384) >> 15;
            }
            z.Re[m] = re;
            z.Im[m] = im;
            max = MaxMagnitude(max, re, im);
        }
        return max;
    }

    private static int Pack<V>(ReadOnlySpan<int> x, SpectrumPlan plan, Buffers z) where V : struct, IInt32Lanes<V>
    {
        int lanes = V.Count;
        ref int px = ref MemoryMarshal.GetReference(x);
        ref int pw = ref MemoryMarshal.GetArrayDataReference(plan.Window);
        ref int pr = ref MemoryMarshal.GetReference(z.Re);
        ref int pi = ref MemoryMarshal.GetReference(z.Im);
        bool windowed = plan.Window.Length > 0;
        var round = V.Create(16384);
        var vmax = V.Create(0);
        for (int m = 0; m < plan.Points; m += lanes)
        {
            var lo = V.Load(ref px, 2 * m);
            var hi = V.Load(ref px, 2 * m + lanes);
            if (windowed)
            {
                lo = (lo * V.Load(ref pw, 2 * m) + round) >> 15;
                hi = (hi * V.Load(ref pw, 2 * m + lanes) + round) >> 15;
            }
            V.Unzip(lo, hi, out var re, out var im);
            V.Store(re, ref pr, m);
            V.Store(im, ref pi, m);
            vmax = V.Max(vmax, V.Max(V.Abs(re), V.Abs(im)));
        }
        return V.MaxAcross(vmax);
    }

    /// <summary>
    /// One stage, from <paramref name="a"/> into <paramref name="b"/>: <paramref name="transforms"/> transforms of
    /// 2·<paramref name="half"/> points from twice as many of <paramref name="half"/>. Vectors across the transforms while
    /// there are a vector's worth (j-major: output j of transform k at j·transforms + k), else along them (k-major: at
    /// k·2·half + j; the input is transposed into that layout once, in <paramref name="b"/>, and the stage then writes
    /// <paramref name="a"/> — the buffers are swapped back so the caller's swap leaves the output in its a), else scalar.
    /// Returns the largest magnitude written.
    /// </summary>
    private static int Stage<V>(ref Buffers a, ref Buffers b, SpectrumPlan plan, int half, int transforms, int shift, ref bool kMajor)
        where V : struct, IInt32Lanes<V>
    {
        int lanes = V.Count;
        if (!kMajor && transforms >= lanes) return shift == 0 ? JMajor<V>(a, b, plan, half, transforms, 0, false) : JMajor<V>(a, b, plan, half, transforms, shift, true);
        if (!kMajor && half < lanes) return StageJMajorScalar(a, b, plan, half, transforms, shift);
        if (!kMajor)
        {
            // From j-major (2·transforms transforms of half points) to k-major, then the stage back into a.
            Transpose(a, b, half, 2 * transforms);
            kMajor = true;
            Swap(ref a, ref b);
        }
        return shift == 0 ? KMajor<V>(a, b, plan, half, transforms, 0, false) : KMajor<V>(a, b, plan, half, transforms, shift, true);
    }

    /// <summary>z[k·rows + j] = y[j·columns + k]: a rows × columns matrix of complex values transposed.</summary>
    private static void Transpose(Buffers y, Buffers z, int rows, int columns)
    {
        for (int j = 0; j < rows; j++)
            for (int k = 0; k < columns; k++)
            {
                z.Re[k * rows + j] = y.Re[j * columns + k];
                z.Im[k * rows + j] = y.Im[j * columns + k];
            }
    }

    /// <summary>
    /// The butterfly of every stage and path: t = W·O rounded to nearest in Q15, outputs E ± t, as FixedFft.Forward's
    /// (with O, E already halved). The products fit int32: twiddles ≤ 32767, halved values below 2^14.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly<V>(V er, V ei, V or, V oi, V wr, V wi, out V yr, out V yi, out V zr, out V zi, ref V max)
        where V : struct, IInt32Lanes<V>
    {
        var round = V.Create(16384);
        var tr = (wr * or - wi * oi + round) >> 15;
        var ti = (wr * oi + wi * or + round) >> 15;
        yr = er + tr;
        yi = ei + ti;
        zr = er - tr;
        zi = ei - ti;
        max = V.Max(max, V.Max(V.Max(V.Abs(yr), V.Abs(yi)), V.Max(V.Abs(zr), V.Abs(zi))));
    }

    /// <summary>One vector of butterflies: E at <paramref name="e"/> and O at <paramref name="o"/> of x (halved on load), E ± W·O to <paramref name="low"/> and <paramref name="high"/> of y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<V>(ref int xr, ref int xi, ref int yr, ref int yi, int e, int o, int low, int high, V wr, V wi, int shift, bool halve, ref V max)
        where V : struct, IInt32Lanes<V>
    {
        Butterfly(Load<V>(ref xr, e, shift, halve), Load<V>(ref xi, e, shift, halve), Load<V>(ref xr, o, shift, halve), Load<V>(ref xi, o, shift, halve),
            wr, wi, out var ar, out var ai, out var br, out var bi, ref max);
        V.Store(ar, ref yr, low);
        V.Store(ai, ref yi, low);
        V.Store(br, ref yr, high);
        V.Store(bi, ref yi, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Load<V>(ref int p, int index, int shift, bool halve) where V : struct, IInt32Lanes<V> =>
        halve ? (V.Load(ref p, index) + V.Create((1 << shift) - 1)) >> shift : V.Load(ref p, index);

    /// <summary>Vectors across the transforms: output j of transform k = E_k[j] ± W^j·O_k[j], E_k at j·2t + k and O_k at j·2t + t + k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int JMajor<V>(Buffers x, Buffers y, SpectrumPlan plan, int half, int transforms, int shift, bool halve) where V : struct, IInt32Lanes<V>
    {
        ref int xr = ref MemoryMarshal.GetReference(x.Re);
        ref int xi = ref MemoryMarshal.GetReference(x.Im);
        ref int yr = ref MemoryMarshal.GetReference(y.Re);
        ref int yi = ref MemoryMarshal.GetReference(y.Im);
        var max = V.Create(0);
        for (int j = 0; j < half; j++)
        {
            var wr = V.Create(plan.StageCos[half - 1 + j]);
            var wi = V.Create(plan.StageSin[half - 1 + j]);
            int e = j * 2 * transforms, o = e + transforms, low = j * transforms, high = (j + half) * transforms;
            for (int k = 0; k < transforms; k += V.Count)
                Step(ref xr, ref xi, ref yr, ref yi, e + k, o + k, low + k, high + k, wr, wi, shift, halve, ref max);
        }
        return V.MaxAcross(max);
    }

    /// <summary>Vectors along each transform: E_k[j] at k·half + j, O_k[j] at (k + t)·half + j; output j of transform k at k·2·half + j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int KMajor<V>(Buffers x, Buffers y, SpectrumPlan plan, int half, int transforms, int shift, bool halve) where V : struct, IInt32Lanes<V>
    {
        ref int xr = ref MemoryMarshal.GetReference(x.Re);
        ref int xi = ref MemoryMarshal.GetReference(x.Im);
        ref int yr = ref MemoryMarshal.GetReference(y.Re);
        ref int yi = ref MemoryMarshal.GetReference(y.Im);
        ref int cos = ref MemoryMarshal.GetArrayDataReference(plan.StageCos);
        ref int sin = ref MemoryMarshal.GetArrayDataReference(plan.StageSin);
        var max = V.Create(0);
        for (int k = 0; k < transforms; k++)
        {
            int e = k * half, o = (k + transforms) * half, low = 2 * k * half;
            for (int j = 0; j < half; j += V.Count)
                Step(ref xr, ref xi, ref yr, ref yi, e + j, o + j, low + j, low + half + j, V.Load(ref cos, half - 1 + j), V.Load(ref sin, half - 1 + j), shift, halve, ref max);
        }
        return V.MaxAcross(max);
    }

    /// <summary>The j-major stage one butterfly at a time: the scalar path, and stages too small for a vector either way.</summary>
    private static int StageJMajorScalar(Buffers x, Buffers y, SpectrumPlan plan, int half, int transforms, int shift)
    {
        int max = 0;
        for (int j = 0; j < half; j++)
        {
            int wr = plan.StageCos[half - 1 + j], wi = plan.StageSin[half - 1 + j];
            int e = j * 2 * transforms, o = e + transforms, low = j * transforms, high = (j + half) * transforms;
            for (int k = 0; k < transforms; k++)
            {
                int er = Halve(x.Re[e + k], shift), ei = Halve(x.Im[e + k], shift), or = Halve(x.Re[o + k], shift), oi = Halve(x.Im[o + k], shift);
                int tr = (wr * or - wi * oi + 16384) >> 15;
                int ti = (wr * oi + wi * or + 16384) >> 15;
                int ar = er + tr, ai = ei + ti, br = er - tr, bi = ei - ti;
                y.Re[low + k] = ar;
                y.Im[low + k] = ai;
                y.Re[high + k] = br;
                y.Im[high + k] = bi;
                max = MaxMagnitude(MaxMagnitude(max, ar, ai), br, bi);
            }
        }
        return max;
    }

    /// <summary>
    /// The real FFT's split with vectors: bins k of a block and their partners n/2 − k (a reversed block) together, the
    /// products exact in int32 lanes (the type summary's decomposition); the middle bin and what is left of the first
    /// half, one at a time.
    /// </summary>
    private static int Split<V>(Buffers z, Buffers x, SpectrumPlan plan, int shift) where V : struct, IInt32Lanes<V>
    {
        int points = plan.Points, lanes = V.Count, k0 = 1;
        ref int zr = ref MemoryMarshal.GetReference(z.Re);
        ref int zi = ref MemoryMarshal.GetReference(z.Im);
        ref int xr = ref MemoryMarshal.GetReference(x.Re);
        ref int xi = ref MemoryMarshal.GetReference(x.Im);
        ref int cos = ref MemoryMarshal.GetArrayDataReference(plan.Cos);
        ref int sin = ref MemoryMarshal.GetArrayDataReference(plan.Sin);
        var max = V.Create(0);
        bool halve = shift > 0;
        // Blocks whose bins all lie below n/4 and whose partners all above it.
        for (; k0 + lanes <= points / 2; k0 += lanes)
        {
            int j0 = points - k0 - lanes + 1;
            var ar = Load<V>(ref zr, k0, shift, halve);
            var ai = Load<V>(ref zi, k0, shift, halve);
            var br = V.Reverse(Load<V>(ref zr, j0, shift, halve));
            var bi = V.Create(0) - V.Reverse(Load<V>(ref zi, j0, shift, halve));
            SplitLanes(ar, ai, br, bi, V.Load(ref cos, k0), V.Load(ref sin, k0), out var kr, out var ki);
            SplitLanes(br, V.Create(0) - bi, ar, V.Create(0) - ai, V.Reverse(V.Load(ref cos, j0)), V.Reverse(V.Load(ref sin, j0)), out var jr, out var ji);
            V.Store(kr, ref xr, k0);
            V.Store(ki, ref xi, k0);
            V.Store(V.Reverse(jr), ref xr, j0);
            V.Store(V.Reverse(ji), ref xi, j0);
            max = V.Max(max, V.Max(V.Max(V.Abs(kr), V.Abs(ki)), V.Max(V.Abs(jr), V.Abs(ji))));
        }
        return Math.Max(V.MaxAcross(max), SplitScalar(z, x, plan, shift, k0));
    }

    /// <summary>
    /// 2·X from A and B in lanes, as <see cref="Split(int, int, int, int, int, int, out int, out int)"/>: each 64-bit
    /// rounded product (c·d ± s·e + 2^14) &gt;&gt; 15 with d, e below 2^16 in magnitude is the high parts' products plus
    /// the low 15 bits' rounded ones, all within int32.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitLanes<V>(V ar, V ai, V br, V bi, V c, V s, out V xr, out V xi) where V : struct, IInt32Lanes<V>
    {
        var low = V.Create(32767);
        var round = V.Create(16384);
        var dr = ar - br;
        var di = ai - bi;
        V drh = dr >> 15, dih = di >> 15, drl = dr & low, dil = di & low;
        xr = ar + br + (c * dih - s * drh) + ((c * dil - s * drl + round) >> 15);
        xi = ai + bi - ((c * drh + s * dih) + ((c * drl + s * dil + round) >> 15));
    }

    /// <summary>
    /// The real FFT's split, as FixedFrontEnd.PowerSpectrum's, from the transform Z in <paramref name="z"/> (halved
    /// <paramref name="shift"/> times on load) into 2·X_k in <paramref name="x"/>, for k from <paramref name="first"/> to
    /// n/4 and their partners n/2 − k, and bins 0 and n/2; returns the largest magnitude written.
    /// </summary>
    private static int SplitScalar(Buffers z, Buffers x, SpectrumPlan plan, int shift, int first)
    {
        int points = plan.Points, max = 0;
        int zr0 = Halve(z.Re[0], shift), zi0 = Halve(z.Im[0], shift);
        for (int k = first; k <= points / 2; k++)
        {
            int j = points - k;
            int ar = Halve(z.Re[k], shift), ai = Halve(z.Im[k], shift), br = Halve(z.Re[j], shift), bi = -Halve(z.Im[j], shift);
            Split(ar, ai, br, bi, plan.Cos[k], plan.Sin[k], out int xr, out int xi);
            x.Re[k] = xr;
            x.Im[k] = xi;
            max = MaxMagnitude(max, xr, xi);
            if (j != k)
            {
                Split(br, -bi, ar, -ai, plan.Cos[j], plan.Sin[j], out int yr, out int yi);
                x.Re[j] = yr;
                x.Im[j] = yi;
                max = MaxMagnitude(max, yr, yi);
            }
        }
        x.Re[0] = 2 * (zr0 + zi0);
        x.Im[0] = 0;
        x.Re[points] = 2 * (zr0 - zi0);
        x.Im[points] = 0;
        return MaxMagnitude(max, x.Re[0], x.Re[points]);
    }

    /// <summary>2·X_k from A = Z_k and B = conj(Z_{n/2−k}), as FixedFrontEnd's Split.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Split(int ar, int ai, int br, int bi, int c, int s, out int xr, out int xi)
    {
        int dr = ar - br, di = ai - bi;
        xr = ar + br + (int)(((long)c * di - (long)s * dr + 16384) >> 15);
        xi = ai + bi - (int)(((long)c * dr + (long)s * di + 16384) >> 15);
    }

    /// <summary>power[k] = re² + im² of the split's output halved <paramref name="shift"/> times (each component below 2^15).</summary>
    private static void PowerOf<V>(Buffers x, int shift, Span<int> power) where V : struct, IInt32Lanes<V>
    {
        ref int xr = ref MemoryMarshal.GetReference(x.Re);
        ref int xi = ref MemoryMarshal.GetReference(x.Im);
        ref int p = ref MemoryMarshal.GetReference(power);
        bool halve = shift > 0;
        int k = 0;
        for (; k + V.Count <= power.Length; k += V.Count)
        {
            var re = Load<V>(ref xr, k, shift, halve);
            var im = Load<V>(ref xi, k, shift, halve);
            V.Store(re * re + im * im, ref p, k);
        }
        PowerOfScalar(x, shift, power, k);
    }

    private static void PowerOfScalar(Buffers x, int shift, Span<int> power, int first)
    {
        for (int k = first; k < power.Length; k++)
        {
            int re = Halve(x.Re[k], shift), im = Halve(x.Im[k], shift);
            power[k] = re * re + im * im;
        }
    }

    /// <summary>max(<paramref name="max"/>, |a|, |b|) without a branch (|v| by the sign mask: every value here is far from int.MinValue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MaxMagnitude(int max, int a, int b)
    {
        int ma = (a ^ (a >> 31)) - (a >> 31), mb = (b ^ (b >> 31)) - (b >> 31);
        int d = max - ma;
        max -= d & (d >> 31);
        d = max - mb;
        return max - (d & (d >> 31));
    }
}
