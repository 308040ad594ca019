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
    private readonly T[] _fullScale, _weights, _re, _im, _spectrum, _bank;
    private readonly T _floor, _ten = T.CreateChecked(10);

    public FloatFrontEnd(FrontEndChain chain)
    {
        _chain = chain;
        int n = chain.Frame.Length;
        _window = chain.Window is null ? null : Window(chain.Window.Function, n);
        _fullScale = chain.Frame.FullScale.Select(v => T.CreateChecked(v)).ToArray();
        _weights = chain.FilterBank is { } bank ? bank.Weight.Select(v => T.CreateChecked(v)).ToArray() : [];
        (_re, _im, _spectrum, _bank) = (new T[n], new T[n], new T[chain.Spectrum.Bins], new T[chain.FrameFeatures]);
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
    public void Features(ReadOnlySpan<float> raw, Span<T> features)
    {
        var c = _chain;
        int channels = c.Channels, n = c.Frame.Length, hop = c.Frame.Hop, perFrame = c.FrameFeatures;
        if (raw.Length % channels != 0 || c.Frame.FramesIn(raw.Length / channels) != c.Frames)
            throw new ArgumentException($"a window of {raw.Length} values is not the {c.Frames} frames of {n} samples × {channels} channels the front-end takes");
        if (features.Length != c.Features) throw new ArgumentException($"the front-end gives {c.Features} features, not {features.Length}");
        for (int ch = 0; ch < channels; ch++)
            for (int f = 0; f < c.Frames; f++)
            {
                for (int t = 0; t < n; t++)
                {
                    _re[t] = T.CreateChecked(raw[(f * hop + t) * channels + ch]) / _fullScale[ch];
                    if (_window is not null) _re[t] *= _window[t];
                    _im[t] = T.Zero;
                }
                Fft.Forward<T>(_re, _im);
                Fft.Power<T>(_re, _im, _spectrum);
                if (c.Spectrum.Magnitude) for (int k = 0; k < _spectrum.Length; k++) _spectrum[k] = T.Sqrt(_spectrum[k]);
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
                }
                for (int j = 0; j < perFrame; j++)
                {
                    T v = values[j];
                    if (c.Log is not null)
                    {
                        // v ≤ 0 has no logarithm: the floor, as the fixed-point log gives it; NaN stays NaN.
                        v = v > T.Zero ? _ten * T.Log10(v) : T.IsNaN(v) ? v : _floor;
                        if (v < _floor) v = _floor;
                    }
                    features[(f * perFrame + j) * channels + ch] = v;
                }
            }
    }
}
