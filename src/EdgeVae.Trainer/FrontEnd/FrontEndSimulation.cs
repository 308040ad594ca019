using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.FrontEnd;

/// <summary>
/// The front-end as every device runs it: each sample quantized to int16 at its channel's full scale, then each frame of
/// each channel through <see cref="FixedFrontEnd.Frame"/> with the model's fixed-point tables, and the integers turned into
/// float features by exact powers of two. A frame holding a non-finite sample gives NaN features, so the score says the
/// window cannot be judged instead of scoring a zero in its place. The generated code computes the same floats.
/// </summary>
public sealed class FrontEndSimulation
{
    private readonly QuantizedFrontEnd _q;
    private readonly short[] _window, _cos, _sin;
    private readonly int[] _first, _count, _weights, _log2;
    private readonly int[] _re, _im, _spectrum, _bank, _result, _kinds;
    private readonly float[] _stats;
    private readonly long[] _sums;
    private readonly QuantParams[] _input;

    public FrontEndSimulation(FrontEndChain chain) : this(QuantizedFrontEnd.For(chain))
    {
    }

    public FrontEndSimulation(QuantizedFrontEnd q)
    {
        _q = q;
        (_window, _cos, _sin) = (q.Window.AsArray(), q.Cos.AsArray(), q.Sin.AsArray());
        (_first, _count, _weights, _log2) = (q.FilterFirst.AsArray(), q.FilterCount.AsArray(), q.FilterWeight.AsArray(), q.Log2Table.AsArray());
        int n = q.FrameLength;
        (_re, _im, _spectrum) = (new int[n], new int[n], new int[q.Bins]);
        (_bank, _sums, _result) = (new int[q.HasFilterBank ? q.SpectralFeatures : 0], new long[q.HasFilterBank ? q.SpectralFeatures : 0], new int[q.SpectralFeatures]);
        (_kinds, _stats) = (q.StatKinds.AsArray(), new float[q.StatCount]);
        _input = q.InputScale.Select(s => new QuantParams(s, 0)).ToArray();
    }

    public QuantizedFrontEnd Constants => _q;

    /// <summary>The exponent of the last frame computed (for per-op error reports).</summary>
    public int LastExponent { get; private set; }

    /// <summary>The features of one raw window (steps × channels, interleaved) into <paramref name="features"/>.</summary>
    public void Features(ReadOnlySpan<float> raw, Span<float> features)
    {
        var q = _q;
        int channels = q.Channels, n = q.FrameLength, hop = q.Hop, perFrame = q.FrameFeatures;
        if (features.Length != q.Chain.Features) throw new ArgumentException($"the front-end gives {q.Chain.Features} features, not {features.Length}");
        for (int c = 0; c < channels; c++)
            for (int f = 0; f < q.Frames; f++)
            {
                bool finite = true;
                for (int t = 0; t < n; t++)
                {
                    float x = raw[(f * hop + t) * channels + c];
                    if (!(x - x == 0)) finite = false;
                    _re[t] = _input[c].Quantize(x, -32767, 32767);
                }
                // Statistics first: the FFT overwrites the samples.
                if (q.StatCount > 0) FixedFrontEnd.Statistics(_re, _kinds, _stats);
                if (q.HasSpectrum)
                {
                    int exponent = FixedFrontEnd.Frame(_re, _im, q.HasWindow ? _window : null!, _cos, _sin, q.Magnitude, _spectrum,
                        q.HasFilterBank ? _first : null!, _count, _weights, _sums, _bank, q.HasLog, _log2, q.DecibelsPerOctaveQ24, q.FloorQ8, _result);
                    LastExponent = exponent;
                    float unit = FixedFrontEnd.ToFloat(1, exponent); // the exact power of two, once per frame
                    for (int j = 0; j < q.SpectralFeatures; j++)
                        features[(f * perFrame + j) * channels + c] = finite ? _result[j] * unit : float.NaN;
                }
                for (int k = 0; k < q.StatCount; k++)
                    features[(f * perFrame + q.SpectralFeatures + k) * channels + c] = finite ? _stats[k] : float.NaN;
            }
    }

    /// <summary>
    /// Every op's output for one raw window, as the real values its integers stand for (v · 2^exponent; decibels for
    /// the log), in <see cref="FrontEndStages"/>' order: the same primitives as <see cref="FixedFrontEnd.Frame"/>, one at a time.
    /// </summary>
    public double[][] Trace(ReadOnlySpan<float> raw)
    {
        var q = _q;
        int channels = q.Channels, n = q.FrameLength, hop = q.Hop;
        var stages = Enumerable.Range(0, FrontEndStages.Count(q.Chain)).Select(_ => new List<double>()).ToArray();
        void Record(int stage, int[] values, int count, int exponent)
        {
            for (int i = 0; i < count; i++) stages[stage].Add(values[i] * Math.Pow(2, exponent));
        }
        var db = new int[q.SpectralFeatures];
        for (int c = 0; c < channels; c++)
            for (int f = 0; f < q.Frames; f++)
            {
                int stage = 0;
                for (int t = 0; t < n; t++) _re[t] = _input[c].Quantize(raw[(f * hop + t) * channels + c], -32767, 32767);
                Record(stage++, _re, n, -15);
                if (q.StatCount > 0) FixedFrontEnd.Statistics(_re, _kinds, _stats);
                if (q.HasWindow)
                {
                    FixedFrontEnd.Window(_re, _window);
                    Record(stage++, _re, n, -15);
                }
                if (!q.HasSpectrum)
                {
                    stages[stage++].AddRange(_stats.Select(v => (double)v));
                    continue;
                }
                int exponent = q.Magnitude ? FixedFrontEnd.MagnitudeSpectrum(_re, _im, _cos, _sin, _spectrum) : FixedFrontEnd.PowerSpectrum(_re, _im, _cos, _sin, _spectrum);
                Record(stage++, _spectrum, _spectrum.Length, exponent);
                int[] values = _spectrum;
                if (q.HasFilterBank)
                {
                    exponent = FixedFrontEnd.FilterBank(_spectrum, exponent, _first, _count, _weights, _sums, _bank);
                    values = _bank;
                    Record(stage++, _bank, _bank.Length, exponent);
                }
                if (q.HasLog)
                {
                    FixedFrontEnd.Decibels(values, exponent, _log2, q.DecibelsPerOctaveQ24, q.FloorQ8, db);
                    Record(stage++, db, db.Length, -8);
                }
                if (q.StatCount > 0) stages[stage++].AddRange(_stats.Select(v => (double)v));
            }
        return stages.Select(l => l.ToArray()).ToArray();
    }
}
