using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Runtime;
using EdgeVae.Runtime.Kernels;
using EdgeVae.Runtime.Scoring;

namespace EdgeVae.Reference;

/// <summary>
/// Runs a model file in float32 at run time, for desktop applications that load models instead of compiling them:
/// normalise, then every op of the graph (the VAE decodes μ), then the score. Dense layers and convolutions sum in the
/// trainer's order with scalar fused multiply-adds, on purpose, so the engine reproduces the trainer's float32
/// reconstructions; the other ops run through EdgeVae.Runtime's kernels. Buffers are allocated once per engine; calls
/// allocate nothing. Not thread-safe: use one engine per thread.
/// </summary>
public sealed class FloatReferenceEngine : IAnomalyScorer
{
    private readonly ModelDescription _model;
    private readonly TensorShape[] _shapes;
    private readonly float[] _offset, _scale, _normalized, _a, _b, _patch;
    private readonly int _start;

    public FloatReferenceEngine(ModelDescription model)
    {
        _model = model;
        _shapes = model.Graph.Shapes();
        _start = model.Graph.NormalizeIndex + 1;
        _offset = model.Normalization.Offset.AsArray();
        _scale = model.Normalization.Scale.AsArray();
        long max = model.InputSize;
        int patch = 1;
        foreach (var s in _shapes) max = Math.Max(max, s.Size);
        foreach (var op in model.Graph.Ops) if (op is Conv1DOp c) patch = Math.Max(patch, c.FanIn);
        _normalized = new float[model.InputSize];
        (_a, _b, _patch) = (new float[max], new float[max], new float[patch]);
        var t = model.ThresholdFor("float32");
        Threshold = t is null ? float.PositiveInfinity : (float)t.Value;
    }

    /// <summary>Reads a model file (any version this build knows); a bad file is an <see cref="InvalidDataException"/> naming its line and column.</summary>
    public static FloatReferenceEngine Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file.", path);
        try
        {
            return new FloatReferenceEngine(ModelFileReader.Read(File.ReadAllText(path)));
        }
        catch (ModelFormatException e)
        {
            throw new InvalidDataException($"{path}:{(e.Line > 0 ? $"{e.Line}:{e.Column}:" : "")} {e.Reason}", e);
        }
    }

    public ModelDescription Model => _model;

    public int InputLength => _model.InputSize;

    public int Channels => _model.Data.Channels;

    public int WindowLength => _model.Data.StepsPer(_model.InputSize);

    /// <summary>The float32 threshold (or +∞ when the file has none).</summary>
    public float Threshold { get; }

    /// <summary>The reconstruction of one sample in normalised units (the VAE decodes μ).</summary>
    public ReadOnlySpan<float> ReconstructNormalized(ReadOnlySpan<float> input)
    {
        if (input.Length != _model.InputSize) throw new ArgumentException($"The model takes {_model.InputSize} values, got {input.Length}.", nameof(input));
        Normalize.Float32(input, _offset, _scale, _normalized);
        ReadOnlySpan<float> x = _normalized;
        var graph = _model.Graph;
        for (int i = _start; i < graph.Count; i++)
        {
            var op = graph[i];
            if (op is ReshapeOp or GaussianHeadOp || op is ActivationOp { Function: Contract.ActivationFunction.Identity })
            {
                x = x[..(int)_shapes[i].Size];
                continue;
            }
            var dst = (x.Overlaps(_a) ? _b : _a).AsSpan(0, (int)_shapes[i].Size);
            var inShape = graph.InputShapeOf(i, _shapes);
            switch (op)
            {
                case DenseOp d: DenseInTrainerOrder(x, d.Weight.AsArray(), d.Bias.AsArray(), dst); break;
                case Conv1DOp c: ConvolutionInTrainerOrder(x, c, inShape.Length, dst); break;
                case ActivationOp a: Activation.Float32(a.Function, x, dst); break;
                case TransposeOp: Transpose.Matrix(x, inShape.Dim0, inShape.Dim1, dst); break;
                case UpsampleOp u: Upsample.Nearest(x, inShape.Channels, u.Factor, dst); break;
                default: throw new NotSupportedException($"op \"{op.Name}\" ({op.Type}) is not supported by the reference engine.");
            }
            x = dst;
        }
        return x;
    }

    /// <summary>
    /// y = W·x + b summed as the trainer's GEMM sums: a fused multiply-add chain over k in blocks of 256, each block
    /// added to the running output that starts at the bias.
    /// </summary>
    private static void DenseInTrainerOrder(ReadOnlySpan<float> x, float[] w, float[] b, Span<float> y)
    {
        int k = x.Length;
        for (int c = 0; c < y.Length; c++) y[c] = Row(x, w.AsSpan(c * k, k), b[c]);
    }

    private static float Row(ReadOnlySpan<float> x, ReadOnlySpan<float> row, float bias)
    {
        const int block = 256;
        float output = bias;
        for (int start = 0; start < x.Length; start += block)
        {
            int end = Math.Min(x.Length, start + block);
            float acc = 0;
            for (int j = start; j < end; j++) acc = MathF.FusedMultiplyAdd(x[j], row[j], acc);
            output = acc + output;
        }
        return output;
    }

    /// <summary>The trainer's convolution: each output frame is its receptive field (zeros outside) times the weight rows, as a dense layer.</summary>
    private void ConvolutionInTrainerOrder(ReadOnlySpan<float> x, Conv1DOp c, int inLength, Span<float> y)
    {
        var w = c.Weight.AsArray();
        var b = c.Bias.AsArray();
        var patch = _patch.AsSpan(0, c.FanIn);
        int outLength = c.OutputLength(inLength);
        for (int j = 0; j < outLength; j++)
        {
            int start = c.FirstInput(j);
            for (int ch = 0; ch < c.InChannels; ch++)
                for (int t = 0; t < c.KernelSize; t++)
                {
                    int idx = start + t * c.Dilation;
                    patch[ch * c.KernelSize + t] = (uint)idx < (uint)inLength ? x[ch * inLength + idx] : 0f;
                }
            for (int o = 0; o < c.OutChannels; o++) y[o * outLength + j] = Row(patch, w.AsSpan(o * c.FanIn, c.FanIn), b[o]);
        }
    }

    /// <summary>Mean squared reconstruction error in normalised units; per-channel shares in <paramref name="channelErrors"/>.</summary>
    public float Score(ReadOnlySpan<float> input, Span<float> channelErrors)
    {
        var y = ReconstructNormalized(input);
        return channelErrors.IsEmpty
            ? ReconstructionError.MeanSquared(y, _normalized)
            : ReconstructionError.MeanSquared(y, _normalized, channelErrors[..Channels]);
    }

    /// <summary>The reconstruction of one sample in the input's units.</summary>
    public void Reconstruct(ReadOnlySpan<float> input, Span<float> output) => Normalize.InverseFloat32(ReconstructNormalized(input), _offset, _scale, output);
}
