using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Contract;
using EdgeVae.Runtime.Kernels;

namespace EdgeVae.Trainer.Quantized;

/// <summary>
/// Runs a quantized model exactly as a device does: the same runtime kernels and the same float expressions
/// for input quantization and scoring as the generated code, so scores and integer outputs match it bit for
/// bit. This is what <c>edgevae eval/score/calibrate --precision int8|int16</c> measure.
/// </summary>
public sealed class IntegerSimulator
{
    private sealed record Layer(QuantizedLayer Q, sbyte[] Weights, int[] Bias32, long[] Bias64, int[] Multiplier, int[] Shift, short[] Table);

    private readonly Layer[] _layers;
    private readonly float[] _offset, _scale;
    private readonly int[] _a, _b, _q;   // activation codes (int8 or int16 values held in int)
    private readonly sbyte[] _s8a, _s8b;
    private readonly short[] _s16a, _s16b;
    private readonly int[] _preOutput;   // the last layer's requantized pre-activation (the VAE's logits)
    private readonly int[] _encoderOutput;

    public IntegerSimulator(QuantizedModel model)
    {
        Model = model;
        _layers = model.Layers.Select(l => new Layer(l, l.Weights.AsArray(), l.Bias.Select(b => (int)b).ToArray(), l.Bias.AsArray(),
            l.Multiplier.AsArray(), l.Shift.AsArray(), l.Table.AsArray())).ToArray();
        _offset = model.Source.Normalization.Offset.AsArray();
        _scale = model.Source.Normalization.Scale.AsArray();
        int w = model.MaxWidth;
        (_a, _b, _q) = (new int[w], new int[w], new int[model.Source.InputSize]);
        (_s8a, _s8b, _s16a, _s16b) = (new sbyte[w], new sbyte[w], new short[w], new short[w]);
        _preOutput = new int[model.Source.InputSize];
        _encoderOutput = new int[model.Source.EncoderOutputSize];
    }

    public QuantizedModel Model { get; }

    private bool Int8 => Model.Precision == QuantizedPrecision.Int8;

    /// <summary>When set, <see cref="Run"/> keeps every layer's output codes here (for per-layer error reports).</summary>
    public int[][]? LayerOutputs { get; set; }

    /// <summary>The output codes of the last <see cref="Run"/> (one per input feature).</summary>
    public ReadOnlySpan<int> OutputCodes => _outputCodes;

    private int[] _outputCodes = [];

    /// <summary>The encoder's output codes of the last <see cref="Run"/> (μ then log σ² for a VAE).</summary>
    public ReadOnlySpan<int> LatentCodes => _encoderOutput;

    /// <summary>The input codes of the last <see cref="Run"/>.</summary>
    public ReadOnlySpan<int> InputCodes => _q;

    /// <summary>
    /// Normalises and quantizes one raw sample, runs encoder and decoder, and returns the score: the mean over
    /// features of (dequantized output − normalised input)², accumulated in float in feature order.
    /// </summary>
    public float Run(ReadOnlySpan<float> raw, Span<float> channelErrors = default)
    {
        var src = Model.Source;
        int n = src.InputSize;
        Span<float> xn = n <= 4096 ? stackalloc float[n] : new float[n];
        for (int i = 0; i < n; i++) xn[i] = (raw[i] - _offset[i]) * _scale[i];
        var inQ = Model.Input;
        for (int i = 0; i < n; i++)
        {
            _q[i] = inQ.Quantize(xn[i], Model.QMin, Model.QMax);
        }
        int[] current = _q;
        int width = n;
        for (int li = 0; li < _layers.Length; li++)
        {
            var l = _layers[li];
            int inWidth = li == Model.EncoderLayerCount ? src.LatentSize : width; // the VAE decodes μ only
            int[] output = current == _a ? _b : _a;
            RunLayer(l, current.AsSpan(0, inWidth), output.AsSpan(0, l.Q.OutFeatures), li == _layers.Length - 1);
            if (li == Model.EncoderLayerCount - 1) output.AsSpan(0, l.Q.OutFeatures).CopyTo(_encoderOutput);
            if (LayerOutputs is not null) output.AsSpan(0, l.Q.OutFeatures).CopyTo(LayerOutputs[li]);
            current = output;
            width = l.Q.OutFeatures;
        }
        _outputCodes = current;
        var outQ = _layers[^1].Q.Output;
        int channels = src.Layout.Channels;
        if (!channelErrors.IsEmpty) channelErrors[..channels].Clear();
        // The contract's order: eight partial sums (feature i into i mod 8), joined as an 8-wide vector reduction joins them.
        Span<float> partial = stackalloc float[8];
        partial.Clear();
        for (int i = 0; i < n; i++)
        {
            float d = outQ.Scale * (current[i] - outQ.ZeroPoint) - xn[i];
            float e = d * d;
            partial[i & 7] += e;
            if (!channelErrors.IsEmpty) channelErrors[i % channels] += e;
        }
        if (!channelErrors.IsEmpty) for (int c = 0; c < channels; c++) channelErrors[c] /= n;
        return (((partial[0] + partial[4]) + (partial[2] + partial[6])) + ((partial[1] + partial[5]) + (partial[3] + partial[7]))) / n;
    }

    private void RunLayer(Layer l, ReadOnlySpan<int> input, Span<int> output, bool last)
    {
        var q = l.Q;
        int k = input.Length, m = output.Length;
        if (Int8)
        {
            for (int i = 0; i < k; i++) _s8a[i] = (sbyte)input[i];
            Dense.Int8(_s8a.AsSpan(0, k), l.Weights, l.Bias32, l.Multiplier, l.Shift, q.Target.ZeroPoint, q.ClampMin, q.ClampMax, _s8b.AsSpan(0, m));
            if (last) for (int i = 0; i < m; i++) _preOutput[i] = _s8b[i];
            if (q.HasTable) Lookup.Int8(_s8b.AsSpan(0, m), l.Table, _s8b.AsSpan(0, m));
            for (int i = 0; i < m; i++) output[i] = _s8b[i];
        }
        else
        {
            for (int i = 0; i < k; i++) _s16a[i] = (short)input[i];
            Dense.Int16(_s16a.AsSpan(0, k), l.Weights, l.Bias64, l.Multiplier, l.Shift, q.ClampMin, q.ClampMax, _s16b.AsSpan(0, m));
            if (last) for (int i = 0; i < m; i++) _preOutput[i] = _s16b[i];
            if (q.HasTable) Lookup.Int16(_s16b.AsSpan(0, m), l.Table, _s16b.AsSpan(0, m));
            for (int i = 0; i < m; i++) output[i] = _s16b[i];
        }
    }

    /// <summary>
    /// The VAE's deterministic −ELBO (nats) of the last <see cref="Run"/> at z = μ, from tables:
    /// −log p(x|μ) + ½ Σ (μ² + e^(log σ²) − 1 − log σ²). int8 only.
    /// </summary>
    public float NegativeElbo(ReadOnlySpan<float> raw)
    {
        if (Model.Source.Kind != ModelKind.Variational) throw new InvalidOperationException("−ELBO needs a VAE.");
        if (!Int8) throw new NotSupportedException("−ELBO from tables is computed for int8 models.");
        Run(raw);
        var src = Model.Source;
        int n = src.InputSize, latent = src.LatentSize;
        var enc = _layers[Model.EncoderLayerCount - 1].Q.Output;
        var exp = Model.ExpTable.AsArray();
        float kl = 0;
        for (int j = 0; j < latent; j++)
        {
            float mu = enc.Scale * (_encoderOutput[j] - enc.ZeroPoint);
            int qv = _encoderOutput[latent + j];
            float lv = enc.Scale * (qv - enc.ZeroPoint);
            kl += mu * mu + exp[qv + 128] - 1f - lv;
        }
        kl *= 0.5f;
        float recon = 0;
        var last = _layers[^1].Q;
        if (src.Reconstruction == ReconstructionKind.Bernoulli)
        {
            var softplus = Model.SoftplusTable.AsArray();
            for (int i = 0; i < n; i++)
            {
                float xn = (raw[i] - _offset[i]) * _scale[i];
                float t = xn < 0f ? 0f : xn > 1f ? 1f : xn;
                float z = last.Target.Scale * (_preOutput[i] - last.Target.ZeroPoint);
                recon += softplus[_preOutput[i] + 128] - z * t;
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                float xn = (raw[i] - _offset[i]) * _scale[i];
                float d = last.Output.Scale * (_outputCodes[i] - last.Output.ZeroPoint) - xn;
                recon += 0.5f * d * d;
            }
            recon += 0.918938533f * n; // ½ ln 2π per feature
        }
        return recon + kl;
    }
}
