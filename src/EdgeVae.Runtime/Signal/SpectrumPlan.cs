using EdgeVae.Contract;

namespace EdgeVae.Runtime.Signal;

/// <summary>
/// What <see cref="Spectrum"/> needs of one frame length, computed once (a model's tables do not change; the generated
/// code keeps one plan per model in a static field, so no call allocates): the window as int32 lanes, the Q15 twiddles of
/// every FFT stage laid out contiguously (the vector stages load eight or sixteen at a time where the n-point table has
/// them strided), and the n-point tables the real-FFT split reads. The same Q15 values as <see cref="FixedFrontEnd"/>'s
/// arguments, so the integers are the same.
/// </summary>
public sealed class SpectrumPlan
{
    /// <param name="frameLength">Samples per frame: a power of two, 4 to 4096.</param>
    /// <param name="window">The Q15 window (frameLength values), or empty for none.</param>
    /// <param name="cos">cos(2πk/frameLength) in Q15 for k &lt; frameLength/2 (<see cref="TrigTables.CosineQ15"/>).</param>
    /// <param name="sin">sin(2πk/frameLength) in Q15 for k &lt; frameLength/2.</param>
    public SpectrumPlan(int frameLength, ReadOnlySpan<short> window, ReadOnlySpan<short> cos, ReadOnlySpan<short> sin)
    {
        if (frameLength < 4 || frameLength > 4096 || (frameLength & (frameLength - 1)) != 0)
            throw new ArgumentException($"SpectrumPlan: a frame of {frameLength} samples; the front-end's FFT takes a power of two from 4 to 4096.", nameof(frameLength));
        if (window.Length != 0 && window.Length != frameLength)
            throw new ArgumentException($"SpectrumPlan: the window has {window.Length} values for frames of {frameLength}.", nameof(window));
        if (cos.Length != frameLength / 2 || sin.Length != frameLength / 2)
            throw new ArgumentException($"SpectrumPlan: the twiddle tables of a {frameLength}-point frame hold {frameLength / 2} values each, not {cos.Length} and {sin.Length}.");
        FrameLength = frameLength;
        Points = frameLength / 2;
        Window = new int[window.Length];
        for (int t = 0; t < window.Length; t++) Window[t] = window[t];
        Cos = new int[cos.Length];
        Sin = new int[sin.Length];
        for (int k = 0; k < cos.Length; k++) (Cos[k], Sin[k]) = (cos[k], sin[k]);
        // Stage L (a transform of L points from two of L/2) uses W_L^j = cos − i·sin at j·(n/L) in the n-point tables,
        // for j < L/2: stored from offset L/2 − 1, so the stages of 2, 4, 8, … points follow one another.
        StageCos = new int[Math.Max(1, Points - 1)];
        StageSin = new int[StageCos.Length];
        for (int half = 1; half < Points; half <<= 1)
        {
            int stride = frameLength / (2 * half);
            for (int j = 0; j < half; j++)
            {
                StageCos[half - 1 + j] = cos[j * stride];
                StageSin[half - 1 + j] = -sin[j * stride];
            }
        }
    }

    /// <summary>Samples per frame (n).</summary>
    public int FrameLength { get; }

    /// <summary>Points of the complex FFT the real one runs (n/2).</summary>
    public int Points { get; }

    /// <summary>Power-spectrum bins: n/2 + 1.</summary>
    public int Bins => Points + 1;

    /// <summary>int32 values of working memory one call needs: two pairs of n/2 + 1 (the transform runs out of place).</summary>
    public int WorkLength => 4 * (Points + 1);

    internal int[] Window { get; }

    internal int[] Cos { get; }

    internal int[] Sin { get; }

    /// <summary>Real parts of the stages' twiddles, stage L at offset L/2 − 1.</summary>
    internal int[] StageCos { get; }

    /// <summary>Imaginary parts (−sin) of the stages' twiddles.</summary>
    internal int[] StageSin { get; }
}
