using System.Numerics;
using EdgeVae.Compiler.Graph;
using EdgeVae.Numerics.Signal;

namespace EdgeVae.Trainer.FrontEnd;

/// <summary>
/// The front-end in the trainer's precision T: each channel's frames scaled by 1 / full scale, windowed, transformed
/// (<see cref="Fft"/>), squared (or their magnitude), filtered and taken to decibels, exactly the mathematics of the ops
/// with T's own arithmetic — float for training, BigFloat as the oracle the fixed-point front-end is measured against.
/// Features come out interleaved by channel, as <see cref="FrontEndChain"/> lays them out.
/// </summary>
public sealed class FloatFrontEnd<T> where T : INumber<T>, ITrigonometricFunctions<T>, ILogarithmicFunctions<T>, IRootFunctions<T>
{
    private readonly FrontEndChain _chain;
    private readonly T[]? _window;
    private readonly T[] _fullScale, _weights, _re, _im, _spectrum, _bank, _stats;
    private readonly T _floor, _ten = T.CreateChecked(10), _clip = T.CreateChecked(32767) / T.CreateChecked(32768);

    public FloatFrontEnd(FrontEndChain chain)
    {
        _chain = chain;
        int n = chain.Frame.Length;
        _window = chain.Window is null ? null : Window(chain.Window.Function, n);
        _fullScale = chain.Frame.FullScale.Select(v => T.CreateChecked(v)).ToArray();
        _weights = chain.FilterBank is { } bank ? bank.Weight.Select(v => T.CreateChecked(v)).ToArray() : [];
        (_re, _im, _spectrum, _bank) = (new T[n], new T[n], new T[chain.Spectrum?.Bins ?? 0], new T[chain.SpectralFeatures]);
        _stats = new T[chain.Stats?.Statistics.Count ?? 0];
        _floor = chain.Log is { } log ? T.CreateChecked(log.FloorDb) : T.Zero;
    }

    public FrontEndChain Chain => _chain;

    /// <summary>The periodic window in T: Hann 0.5 − 0.5·cos(2πk/n), Hamming 0.54 − 0.46·cos(2πk/n).</summary>
    public static T[] Window(WindowFunction function, int n)
    {
        if (function == WindowFunction.Hann) return Fft.Hann<T>(n);
        T a = T.CreateChecked(54) / T.CreateChecked(100), b = T.CreateChecked(46) / T.CreateChecked(100), two = T.CreateChecked(2);
        return Enumerable.Range(0, n).Select(k => a - b * T.CosPi(two * T.CreateChecked(k) / T.CreateChecked(n))).ToArray();
    }

    /// <summary>The features of one raw window (steps × channels, interleaved) into <paramref name="features"/>.</summary>
    public void Features(ReadOnlySpan<float> raw, Span<T> features) => Run(raw, features, null);

    /// <summary>
    /// Every op's output for one raw window, as doubles: for each op of the chain (frame, window, spectrum, filter bank,
    /// log, those it has), the values of every channel's frames in turn — what <c>quantize-report</c> compares.
    /// </summary>
    public double[][] Trace(ReadOnlySpan<float> raw)
    {
        var stages = Enumerable.Range(0, FrontEndStages.Count(_chain)).Select(_ => new List<double>()).ToArray();
        Run(raw, new T[_chain.Features], stages);
        return stages.Select(l => l.ToArray()).ToArray();
    }

    private void Run(ReadOnlySpan<float> raw, Span<T> features, List<double>[]? trace)
    {
        var c = _chain;
        int channels = c.Channels, n = c.Frame.Length, hop = c.Frame.Hop, perFrame = c.FrameFeatures;
        if (raw.Length % channels != 0 || c.Frame.FramesIn(raw.Length / channels) != c.Frames)
            throw new ArgumentException($"a window of {raw.Length} values is not the {c.Frames} frames of {n} samples × {channels} channels the front-end takes");
        if (features.Length != c.Features) throw new ArgumentException($"the front-end gives {c.Features} features, not {features.Length}");
        void Record(int stage, ReadOnlySpan<T> values)
        {
            if (trace is null) return;
            foreach (var v in values) trace[stage].Add(double.CreateChecked(v));
        }
        for (int ch = 0; ch < channels; ch++)
            for (int f = 0; f < c.Frames; f++)
            {
                int stage = 0;
                for (int t = 0; t < n; t++)
                {
                    // Saturated at full scale, as the device's int16 samples are (NaN stays NaN).
                    T v = T.CreateChecked(raw[(f * hop + t) * channels + ch]) / _fullScale[ch];
                    _re[t] = v > _clip ? _clip : v < -_clip ? -_clip : v;
                }
                Record(stage++, _re);
                if (c.Stats is { } statsOp) Statistics(statsOp, _re, _stats);
                if (c.Spectrum is null)
                {
                    Record(stage++, _stats);
                    for (int k = 0; k < _stats.Length; k++) features[(f * perFrame + k) * channels + ch] = _stats[k];
                    continue;
                }
                if (_window is not null)
                {
                    for (int t = 0; t < n; t++) _re[t] *= _window[t];
                    Record(stage++, _re);
                }
                Array.Clear(_im);
                Fft.Forward<T>(_re, _im);
                Fft.Power<T>(_re, _im, _spectrum);
                if (c.Spectrum.Magnitude) for (int k = 0; k < _spectrum.Length; k++) _spectrum[k] = T.Sqrt(_spectrum[k]);
                Record(stage++, _spectrum);
                var values = _spectrum;
                if (c.FilterBank is { } bank)
                {
                    for (int m = 0; m < bank.Count; m++)
                    {
                        T s = T.Zero;
                        for (int k = 0; k < bank.Bins; k++) s += _weights[m * bank.Bins + k] * _spectrum[k];
                        _bank[m] = s;
                    }
                    values = _bank;
                    Record(stage++, _bank);
                }
                if (c.Log is not null)
                    for (int j = 0; j < c.SpectralFeatures; j++)
                    {
                        // v ≤ 0 has no logarithm: the floor, as the fixed-point log gives it; NaN stays NaN.
                        T v = values[j];
                        v = v > T.Zero ? _ten * T.Log10(v) : T.IsNaN(v) ? v : _floor;
                        values[j] = v < _floor ? _floor : v;
                    }
                if (c.Log is not null) Record(stage++, values);
                int spectral = c.SpectralFeatures;
                for (int j = 0; j < spectral; j++) features[(f * perFrame + j) * channels + ch] = values[j];
                if (c.Stats is not null)
                {
                    Record(stage++, _stats);
                    for (int k = 0; k < _stats.Length; k++) features[(f * perFrame + spectral + k) * channels + ch] = _stats[k];
                }
            }
    }

    /// <summary>The statistics of one frame, exactly in T: population moments about the mean; a constant frame's crest, skewness and kurtosis are 0.</summary>
    private static void Statistics(StatsOp op, T[] x, T[] output)
    {
        T n = T.CreateChecked(x.Length), sum = T.Zero, squares = T.Zero, peak = T.Zero;
        foreach (var v in x)
        {
            sum += v;
            squares += v * v;
            peak = T.Max(peak, T.Abs(v));
        }
        T mean = sum / n, rms = T.Sqrt(squares / n), m2 = T.Zero, m3 = T.Zero, m4 = T.Zero;
        foreach (var v in x)
        {
            T d = v - mean, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        (m2, m3, m4) = (m2 / n, m3 / n, m4 / n);
        for (int k = 0; k < op.Statistics.Count; k++)
            output[k] = op.Statistics[k] switch
            {
                FrameStatistic.Mean => mean,
                FrameStatistic.Rms => rms,
                FrameStatistic.Std => T.Sqrt(m2),
                FrameStatistic.Peak => peak,
                FrameStatistic.Crest => rms == T.Zero ? T.Zero : peak / rms,
                FrameStatistic.Skewness => m2 == T.Zero ? T.Zero : m3 / (m2 * T.Sqrt(m2)),
                _ => m2 == T.Zero ? T.Zero : m4 / (m2 * m2),
            };
    }
}
