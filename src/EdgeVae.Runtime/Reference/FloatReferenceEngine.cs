using EdgeVae.Runtime.Kernels;

using EdgeVae.Runtime.Scoring;

namespace EdgeVae.Runtime.Reference;

/// <summary>
/// Runs a model file in float32 at run time, for desktop applications that load models instead of compiling
/// them: normalise, encode (μ for a VAE), decode, score. Buffers are allocated once per engine; calls allocate
/// nothing. Not thread-safe: use one engine per thread.
/// </summary>
public sealed class FloatReferenceEngine : IAnomalyScorer
{
    private readonly ReferenceModel _model;
    private readonly float[] _normalized, _a, _b, _output;

    public FloatReferenceEngine(ReferenceModel model)
    {
        _model = model;
        int max = model.InputSize;
        foreach (var l in model.Layers) max = Math.Max(max, l.Out);
        _normalized = new float[model.InputSize];
        _a = new float[max];
        _b = new float[max];
        _output = new float[model.InputSize];
    }

    public static FloatReferenceEngine Load(string path) => new(ReferenceModel.Load(path));

    public ReferenceModel Model => _model;

    public int InputLength => _model.InputSize;

    public int Channels => _model.Channels;

    public int WindowLength => _model.InputSize / _model.Channels;

    public float Threshold => _model.Threshold;

    /// <summary>The reconstruction of one sample in normalised units (the VAE decodes μ).</summary>
    public ReadOnlySpan<float> ReconstructNormalized(ReadOnlySpan<float> input)
    {
        if (input.Length != _model.InputSize) throw new ArgumentException($"The model takes {_model.InputSize} values, got {input.Length}.", nameof(input));
        for (int i = 0; i < input.Length; i++) _normalized[i] = (input[i] - _model.Offset[i]) * _model.Scale[i];
        ReadOnlySpan<float> x = _normalized;
        float[] dst = _a;
        var layers = _model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            var src = x[..l.In]; // for the first decoder layer of a VAE this takes μ, the first half of the encoder output
            var y = (i == layers.Count - 1 ? _output : dst).AsSpan(0, l.Out);
            DenseInTrainerOrder(src, l.Weight, l.Bias, y);
            Activation.Float32(l.Activation, y, y);
            x = y;
            dst = dst == _a ? _b : _a;
        }
        return _output;
    }

    /// <summary>
    /// y = W·x + b summed as the trainer's GEMM sums: a fused multiply-add chain over k in blocks of 256, each block
    /// added to the running output that starts at the bias. Same order, same roundings, so the engine reproduces
    /// the trainer's float32 outputs (bit for bit where the trainer used its AVX2/FMA kernel).
    /// </summary>
    private static void DenseInTrainerOrder(ReadOnlySpan<float> x, float[] w, float[] b, Span<float> y)
    {
        const int block = 256;
        int k = x.Length;
        for (int c = 0; c < y.Length; c++)
        {
            float output = b[c];
            var row = w.AsSpan(c * k, k);
            for (int start = 0; start < k; start += block)
            {
                int end = Math.Min(k, start + block);
                float acc = 0;
                for (int j = start; j < end; j++) acc = MathF.FusedMultiplyAdd(x[j], row[j], acc);
                output = acc + output;
            }
            y[c] = output;
        }
    }

    /// <summary>Mean squared reconstruction error in normalised units; per-channel shares in <paramref name="channelErrors"/>.</summary>
    public float Score(ReadOnlySpan<float> input, Span<float> channelErrors)
    {
        var y = ReconstructNormalized(input);
        if (!channelErrors.IsEmpty)
        {
            channelErrors[.._model.Channels].Clear();
            for (int i = 0; i < y.Length; i++)
            {
                float d = y[i] - _normalized[i];
                channelErrors[i % _model.Channels] += d * d;
            }
            for (int c = 0; c < _model.Channels; c++) channelErrors[c] /= y.Length;
        }
        return ReconstructionError.MeanSquared(y, _normalized);
    }

    /// <summary>The reconstruction of one sample in the input's units.</summary>
    public void Reconstruct(ReadOnlySpan<float> input, Span<float> output)
    {
        var y = ReconstructNormalized(input);
        for (int i = 0; i < y.Length; i++) output[i] = y[i] / _model.Scale[i] + _model.Offset[i];
    }
}
