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
    private readonly int[] _re, _im, _spectrum, _bank, _result;
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
        (_bank, _sums, _result) = (new int[q.HasFilterBank ? q.FrameFeatures : 0], new long[q.HasFilterBank ? q.FrameFeatures : 0], new int[q.FrameFeatures]);
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
                int exponent = FixedFrontEnd.Frame(_re, _im, q.HasWindow ? _window : null!, _cos, _sin, q.Magnitude, _spectrum,
                    q.HasFilterBank ? _first : null!, _count, _weights, _sums, _bank, q.HasLog, _log2, q.DecibelsPerOctaveQ24, q.FloorQ8, _result);
                LastExponent = exponent;
                for (int j = 0; j < perFrame; j++)
                    features[(f * perFrame + j) * channels + c] = finite ? FixedFrontEnd.ToFloat(_result[j], exponent) : float.NaN;
            }
    }
}
