using EdgeVae.Contract;

namespace EdgeVae.Runtime.Signal;

/// <summary>
/// One frame of one channel through the front-end's chain in the .NET flavor: <see cref="FixedFrontEnd.Frame"/>'s
/// integers, with the vectorised <see cref="Spectrum"/> (the window fused into it) and the bounds-check-free
/// <see cref="FilterBank"/>; decibels by the contract's table log itself (a hundred-odd values a frame).
/// </summary>
public static class FrontEndFrame
{
    /// <summary>
    /// The samples of one frame (int16 range, n of them; not modified) through the plan's window, the power (or
    /// magnitude) spectrum, the filter bank if <paramref name="first"/> is not null, decibels if <paramref name="log"/>;
    /// the features into <paramref name="result"/>. Returns their exponent, as <see cref="FixedFrontEnd.Frame"/>.
    /// </summary>
    public static int Run(ReadOnlySpan<int> samples, SpectrumPlan plan, int[] work, bool magnitude, int[] spectrum,
        int[]? first, int[]? count, int[]? weights, long[] sums, int[] bank, bool log, int[]? log2Table, int decibelsPerOctaveQ24, int floorQ8, int[] result)
    {
        int exponent = magnitude ? Spectrum.Magnitude(samples, plan, work, spectrum) : Spectrum.Power(samples, plan, work, spectrum);
        int[] values = spectrum;
        if (first != null)
        {
            if (count is null || weights is null) throw new ArgumentNullException(count is null ? nameof(count) : nameof(weights), "FrontEndFrame: a filter bank needs its counts and weights.");
            exponent = FilterBank.Apply(spectrum, exponent, first, count, weights, sums, bank);
            values = bank;
        }
        if (log)
        {
            ArgumentNullException.ThrowIfNull(log2Table);
            FixedFrontEnd.Decibels(values, exponent, log2Table, decibelsPerOctaveQ24, floorQ8, result);
            return -8;
        }
        Array.Copy(values, result, values.Length);
        return exponent;
    }
}
