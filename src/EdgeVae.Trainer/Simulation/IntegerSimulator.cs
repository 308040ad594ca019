using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Runtime.Kernels;
using EdgeVae.Runtime.Scoring;

namespace EdgeVae.Trainer.Simulation;

/// <summary>
/// Runs a quantized model exactly as a device does: the input normalised and quantized, each step of the quantized graph
/// through EdgeVae.Runtime's reference kernel for its op (<see cref="SimulationStep"/>), the score and −ELBO through the
/// runtime's scoring kernels — the generated code's arithmetic, so its scores and integer outputs match it bit for bit.
/// This is what <c>edgevae eval/score/calibrate --precision int8|int16</c> measure.
/// </summary>
public sealed class IntegerSimulator
{
    private readonly SimulationStep[] _steps;
    private readonly float[] _offset, _scale, _normalized;
    private readonly sbyte[][] _codes8;
    private readonly short[][] _codes16;
    private readonly int[] _input, _latent, _output;

    /// <summary>Each feature's channel when a front-end's branches differ per channel (empty: feature mod channels).</summary>
    private readonly int[] _featureChannel;

    public IntegerSimulator(QuantizedModel model)
    {
        Model = model;
        _steps = model.Steps.Select(SimulationStep.For).ToArray();
        // Copies: SetNormalization writes into them, and the model's arrays are shared with every other reader of it.
        _offset = model.Source.Normalization.Offset.AsArray().ToArray();
        _scale = model.Source.Normalization.Scale.AsArray().ToArray();
        int n = model.Source.FeatureSize;
        _normalized = new float[n];
        // Buffer 0 holds the input codes, buffer i + 1 the output of step i.
        var lengths = new[] { n }.Concat(model.Steps.Select(s => s.OutputLength)).ToArray();
        bool int8 = model.Precision == QuantizedPrecision.Int8;
        _codes8 = lengths.Select(l => new sbyte[int8 ? l : 0]).ToArray();
        _codes16 = lengths.Select(l => new short[int8 ? 0 : l]).ToArray();
        (_input, _latent, _output) = (new int[n], new int[model.Steps[model.CodeStep].OutputLength], new int[n]);
        _featureChannel = model.Source.FrontEnd is { Interleaved: false } ? model.Source.FeatureChannels() : [];
    }

    public QuantizedModel Model { get; }

    /// <summary>
    /// Normalizes with <paramref name="offset"/> and <paramref name="scale"/> from now on instead of the model's (as the
    /// generated code does with a learned baseline); the quantization of the normalized input stays the model's.
    /// </summary>
    public void SetNormalization(ReadOnlySpan<float> offset, ReadOnlySpan<float> scale)
    {
        if (offset.Length != _offset.Length || scale.Length != _scale.Length)
            throw new ArgumentException($"{Model.Source.Name}: the normalization holds {_offset.Length} offsets and scales, one per feature.");
        offset.CopyTo(_offset);
        scale.CopyTo(_scale);
    }

    private bool Int8 => Model.Precision == QuantizedPrecision.Int8;

    /// <summary>The output codes of the last <see cref="Run"/> (one per input feature).</summary>
    public ReadOnlySpan<int> OutputCodes => _output;

    /// <summary>The encoder's output codes of the last <see cref="Run"/> (μ then log σ² for a VAE).</summary>
    public ReadOnlySpan<int> LatentCodes => _latent;

    /// <summary>The input codes of the last <see cref="Run"/>.</summary>
    public ReadOnlySpan<int> InputCodes => _input;

    /// <summary>The codes step <paramref name="step"/> produced in the last <see cref="Run"/> (for per-step error reports).</summary>
    public int[] StepOutput(int step) => Int8 ? _codes8[step + 1].Select(c => (int)c).ToArray() : _codes16[step + 1].Select(c => (int)c).ToArray();

    /// <summary>
    /// Normalises and quantizes one raw sample, runs every step, and returns the score: the mean over features of
    /// (dequantized output − normalised input)² in the contract's order (with each channel's share when asked).
    /// </summary>
    public float Run(ReadOnlySpan<float> raw, Span<float> channelErrors = default)
    {
        var q = Model;
        int n = q.Source.FeatureSize, last = _steps.Length;
        if (raw.Length != n) throw new ArgumentException($"{q.Source.Name}: a sample holds {n} values, not {raw.Length}.", nameof(raw));
        float score;
        if (Int8)
        {
            Normalize.Int8(raw, _offset, _scale, _normalized, q.Input.Scale, q.Input.ZeroPoint, _codes8[0]);
            for (int i = 0; i < _steps.Length; i++) _steps[i].Run(_codes8[i], _codes8[i + 1]);
            Widen(_codes8[0], _input);
            Widen(_codes8[q.CodeStep + 1], _latent);
            Widen(_codes8[last], _output);
            var o = q.OutputParams;
            score = channelErrors.IsEmpty
                ? ReconstructionError.MeanSquared(_codes8[last], o.Scale, o.ZeroPoint, _normalized)
                : ReconstructionError.MeanSquared(_codes8[last], o.Scale, o.ZeroPoint, _normalized, channelErrors[..q.Source.Data.Channels], _featureChannel);
        }
        else
        {
            Normalize.Int16(raw, _offset, _scale, _normalized, q.Input.Scale, _codes16[0]);
            for (int i = 0; i < _steps.Length; i++) _steps[i].Run(_codes16[i], _codes16[i + 1]);
            Widen(_codes16[0], _input);
            Widen(_codes16[q.CodeStep + 1], _latent);
            Widen(_codes16[last], _output);
            var o = q.OutputParams;
            score = channelErrors.IsEmpty
                ? ReconstructionError.MeanSquared(_codes16[last], o.Scale, o.ZeroPoint, _normalized)
                : ReconstructionError.MeanSquared(_codes16[last], o.Scale, o.ZeroPoint, _normalized, channelErrors[..q.Source.Data.Channels], _featureChannel);
        }
        return score;
    }

    /// <summary>
    /// Runs one raw sample and returns the standardised score (<see cref="StandardizedError"/>) under
    /// <paramref name="standardization"/>, with each channel's share when asked: the generated code's standardised Score.
    /// </summary>
    public float StandardizedScore(ReadOnlySpan<float> raw, ResidualStandardization standardization, Span<float> channelErrors = default)
    {
        Run(raw);
        var o = Model.OutputParams;
        ReadOnlySpan<float> mean = standardization.Mean.AsArray(), weight = standardization.Weight.AsArray();
        var shares = channelErrors.IsEmpty ? Span<float>.Empty : channelErrors[..Model.Source.Data.Channels];
        int last = _steps.Length;
        if (Int8)
            return shares.IsEmpty ? StandardizedError.MeanSquared(_codes8[last], o.Scale, o.ZeroPoint, _normalized, mean, weight)
                : StandardizedError.MeanSquared(_codes8[last], o.Scale, o.ZeroPoint, _normalized, mean, weight, shares, _featureChannel);
        return shares.IsEmpty ? StandardizedError.MeanSquared(_codes16[last], o.Scale, o.ZeroPoint, _normalized, mean, weight)
            : StandardizedError.MeanSquared(_codes16[last], o.Scale, o.ZeroPoint, _normalized, mean, weight, shares, _featureChannel);
    }

    /// <summary>The residuals of the last <see cref="Run"/>: dequantized output − normalised input, per feature, in float32.</summary>
    public void Residuals(Span<float> residuals)
    {
        var o = Model.OutputParams;
        int last = _steps.Length;
        if (Int8) StandardizedError.Residuals<sbyte>(_codes8[last], o.Scale, o.ZeroPoint, _normalized, residuals);
        else StandardizedError.Residuals<short>(_codes16[last], o.Scale, o.ZeroPoint, _normalized, residuals);
    }

    /// <summary>
    /// The VAE's deterministic −ELBO (nats) of <paramref name="raw"/> at z = μ, from tables: −log p(x|μ) + KL(q(z|x) ‖ N(0, I)).
    /// int8 only.
    /// </summary>
    public float NegativeElbo(ReadOnlySpan<float> raw)
    {
        var q = Model;
        if (q.Source.Kind != ModelKind.Variational) throw new InvalidOperationException("−ELBO needs a VAE.");
        if (!Int8) throw new NotSupportedException("−ELBO from tables is computed for int8 models.");
        Run(raw);
        var code = _codes8[q.CodeStep + 1];
        var latent = q.Latent;
        if (q.Source.Reconstruction == ReconstructionKind.Bernoulli && q.HasLogits)
            return Runtime.Scoring.NegativeElbo.BernoulliInt8(code, latent.Scale, latent.ZeroPoint, q.ExpTable.AsArray(),
                _codes8[_steps.Length - 1], q.Logits.Scale, q.Logits.ZeroPoint, q.SoftplusTable.AsArray(), _normalized);
        return Runtime.Scoring.NegativeElbo.GaussianInt8(code, latent.Scale, latent.ZeroPoint, q.ExpTable.AsArray(),
            _codes8[_steps.Length], q.OutputParams.Scale, q.OutputParams.ZeroPoint, _normalized);
    }

    private static void Widen(ReadOnlySpan<sbyte> codes, Span<int> target)
    {
        for (int i = 0; i < codes.Length; i++) target[i] = codes[i];
    }

    private static void Widen(ReadOnlySpan<short> codes, Span<int> target)
    {
        for (int i = 0; i < codes.Length; i++) target[i] = codes[i];
    }
}
