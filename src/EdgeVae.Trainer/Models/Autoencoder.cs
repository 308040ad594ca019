using System.Numerics;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Losses;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.Models;

/// <summary>
/// The autoencoder family on one code path, generic over the precision T, built from a model graph: a module per op after
/// the normalisation (<see cref="NetworkBuilder"/>), the encoder up to the graph's latent op, the decoder after it. For the
/// VAE the encoder ends in [μ | log σ²] and a <see cref="GaussianHead{T}"/> samples z; a Bernoulli decoder's final sigmoid
/// is its likelihood's link, so training sees the logits and <see cref="Decode"/> applies it.
/// </summary>
public sealed class Autoencoder<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private static readonly T Half = T.One / (T.One + T.One);
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly MSELoss<T> _mse = new(Reduction.Mean);
    private readonly BCEWithLogitsLoss<T> _bce = new(Reduction.BatchMean);
    private readonly GaussianKLLoss<T> _kl = new(Reduction.BatchMean);
    private readonly Tensor<T> _noisy = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradOutput = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradCode = Tensor<T>.Zeros(0, 0);
    private readonly Module<T>?[] _modules;
    private readonly ActivationLayer<T>? _link;

    /// <summary>
    /// The network of <paramref name="graph"/> for the objective of <paramref name="config"/>; ops without weights (an
    /// architecture from <see cref="Architecture"/>) get them from <paramref name="init"/>.
    /// </summary>
    public Autoencoder(AutoencoderConfig config, ModelGraph graph, Prng? init)
    {
        config.Validate();
        Config = config;
        Graph = graph;
        var shapes = graph.Shapes();
        int normalize = graph.NormalizeIndex, latent = graph.LatentIndex, last = graph.Count - 1;
        _modules = new Module<T>?[graph.Count];
        int lastEncoderWeights = LastWeighted(graph, normalize + 1, latent), lastDecoderWeights = LastWeighted(graph, latent + 1, last);
        for (int i = normalize + 1; i < graph.Count; i++)
            _modules[i] = NetworkBuilder.Module<T>(graph, i, graph.InputShapeOf(i, shapes), init, i == lastEncoderWeights || i == lastDecoderWeights, config.WeightInit);
        Head = _modules[latent] as GaussianHead<T>;
        if (config.Reconstruction == ReconstructionKind.Bernoulli) _link = _modules[last] as ActivationLayer<T>;
        var encoder = Enumerable.Range(normalize + 1, latent - normalize).Where(i => _modules[i] != Head).Select(i => _modules[i]!).ToArray();
        var decoder = Enumerable.Range(latent + 1, last - latent).Where(i => _modules[i] != _link).Select(i => _modules[i]!).ToArray();
        // Nothing upstream of the input needs a gradient: the first layer skips computing it.
        if (encoder[0] is Linear<T> first) first.ComputeInputGradient = false;
        Encoder = new Sequential<T>(encoder);
        Decoder = new Sequential<T>(decoder);
    }

    private static int LastWeighted(ModelGraph graph, int from, int to)
    {
        int found = -1;
        for (int i = from; i <= to && i < graph.Count; i++) if (graph[i] is DenseOp or Conv1DOp) found = i;
        return found;
    }

    public AutoencoderConfig Config { get; }

    /// <summary>The graph the network was built from (its weights as they were then: <see cref="ToGraph"/> has the current ones).</summary>
    public ModelGraph Graph { get; }

    /// <summary>Modules from the normalised input to the code (for a VAE to [μ | log σ²]).</summary>
    public Sequential<T> Encoder { get; }

    /// <summary>The VAE's posterior, or null.</summary>
    public GaussianHead<T>? Head { get; }

    /// <summary>Modules from the code to the reconstruction (a Bernoulli decoder to its logits).</summary>
    public Sequential<T> Decoder { get; }

    public IEnumerable<Parameter<T>> Parameters() => Encoder.Parameters().Concat(Decoder.Parameters());

    private bool IsVae => Config.Kind == ModelKind.Variational;

    /// <summary>
    /// Forward and backward for one batch of clean inputs: accumulates parameter gradients (call ZeroGrad
    /// first) and returns the loss parts. <paramref name="klWeight"/> is β times the warm-up factor.
    /// </summary>
    public LossParts TrainStep(Tensor<T> clean, Prng rng, double klWeight) => Run(clean, rng, klWeight, backward: true);

    /// <summary>The same objective without gradients (validation).</summary>
    public LossParts Evaluate(Tensor<T> clean, Prng rng, double klWeight) => Run(clean, rng, klWeight, backward: false);

    /// <summary>The batch normalisations' running statistics: state the optimizer does not train, saved with the parameters.</summary>
    public IEnumerable<Tensor<T>> Buffers() => _modules.OfType<BatchNorm1d<T>>().SelectMany(b => new[] { b.RunningMean, b.RunningVar });

    /// <summary>Batch normalisations use batch statistics (and move their running ones) only inside a training step.</summary>
    private void SetTraining(bool training)
    {
        foreach (var b in _modules.OfType<BatchNorm1d<T>>()) b.Training = training;
    }

    private LossParts Run(Tensor<T> clean, Prng rng, double klWeight, bool backward)
    {
        SetTraining(backward);
        try
        {
            return RunMode(clean, rng, klWeight, backward);
        }
        finally
        {
            SetTraining(false);
        }
    }

    private LossParts RunMode(Tensor<T> clean, Prng rng, double klWeight, bool backward)
    {
        if (IsVae) return RunVae(clean, rng, klWeight, backward);
        Tensor<T> input = clean;
        if (Config.Kind == ModelKind.Denoising)
        {
            _noisy.EnsureShape(clean.Rows, clean.Cols);
            Config.Corruption!.Apply<T>(clean.Span, _noisy.Span, rng);
            input = _noisy;
        }
        var code = Encoder.Forward(input);
        var output = Decoder.Forward(code);
        double recon = double.CreateChecked(_mse.Forward(output, clean));
        double penalty = Config.Kind == ModelKind.Sparse ? SparsityForward(code, backward) : 0;
        if (backward)
        {
            var gradCode = Decoder.Backward(_mse.Gradient);
            if (Config.Kind == ModelKind.Sparse)
            {
                System.Numerics.Tensors.TensorPrimitives.Add<T>(gradCode.Span, _gradCode.Span, _gradCode.Span);
                gradCode = _gradCode;
            }
            Encoder.Backward(gradCode);
        }
        return new LossParts(recon + penalty, recon, penalty);
    }

    /// <summary>The sparsity penalty's value; its gradient w.r.t. the code goes to <see cref="_gradCode"/>.</summary>
    private double SparsityForward(Tensor<T> code, bool backward)
    {
        var s = Config.Sparsity!;
        int rows = code.Rows, cols = code.Cols;
        _gradCode.EnsureShape(rows, cols);
        Span<T> g = _gradCode.Span;
        ReadOnlySpan<T> z = code.Span;
        T w = T.CreateChecked(s.Weight), invRows = T.One / T.CreateChecked(rows);
        if (s.Kind == SparsityKind.L1)
        {
            T sum = T.Zero;
            for (int i = 0; i < z.Length; i++)
            {
                sum += T.Abs(z[i]);
                g[i] = w * invRows * T.CreateChecked(T.Sign(z[i]));
            }
            return double.CreateChecked(w * sum * invRows);
        }
        // KL sparsity: ρ̂_j = mean_i z_ij; penalty w Σ_j [ρ ln(ρ/ρ̂_j) + (1−ρ) ln((1−ρ)/(1−ρ̂_j))];
        // ∂/∂z_ij = w (−ρ/ρ̂_j + (1−ρ)/(1−ρ̂_j)) / rows.
        T rho = T.CreateChecked(s.Rho), total = T.Zero;
        T tiny = T.CreateChecked(1e-7);
        for (int j = 0; j < cols; j++)
        {
            T mean = T.Zero;
            for (int i = 0; i < rows; i++) mean += z[i * cols + j];
            mean = T.Clamp(mean * invRows, tiny, T.One - tiny);
            total += rho * T.Log(rho / mean) + (T.One - rho) * T.Log((T.One - rho) / (T.One - mean));
            T d = w * (-rho / mean + (T.One - rho) / (T.One - mean)) * invRows;
            for (int i = 0; i < rows; i++) g[i * cols + j] = d;
        }
        return double.CreateChecked(w * total);
    }

    private LossParts RunVae(Tensor<T> x, Prng rng, double klWeight, bool backward)
    {
        var h = Encoder.Forward(x);
        var z = Head!.Sample(h, rng);
        var output = Decoder.Forward(z);
        double recon = ReconstructionNll(output, x, gradient: backward);
        double kl = double.CreateChecked(_kl.Forward(Head.Mu, Head.LogVar));
        if (backward)
        {
            var gz = Decoder.Backward(_gradOutput);
            Encoder.Backward(Head.SampleBackward(gz, _kl.GradientMu.Span, _kl.GradientLogVar.Span, T.CreateChecked(klWeight)));
        }
        return new LossParts(recon + klWeight * kl, recon, kl);
    }

    /// <summary>
    /// −log p(x|z) per sample (batch mean, nats): Bernoulli = BCE with logits summed over features; Gaussian
    /// with unit variance = ½‖x − x̂‖² + (D/2)·ln 2π. Leaves ∂/∂output in <see cref="_gradOutput"/>.
    /// </summary>
    private double ReconstructionNll(Tensor<T> output, Tensor<T> x, bool gradient)
    {
        if (Config.Reconstruction == ReconstructionKind.Bernoulli)
        {
            double v = double.CreateChecked(_bce.Forward(output, x));
            if (gradient)
            {
                _gradOutput.EnsureShape(output.Rows, output.Cols);
                _bce.Gradient.Span.CopyTo(_gradOutput.Span);
            }
            return v;
        }
        _gradOutput.EnsureShape(output.Rows, output.Cols);
        ReadOnlySpan<T> p = output.Span, t = x.Span;
        Span<T> g = _gradOutput.Span;
        T invRows = T.One / T.CreateChecked(output.Rows), sum = T.Zero;
        for (int i = 0; i < p.Length; i++)
        {
            T d = p[i] - t[i];
            sum += d * d;
            g[i] = d * invRows;
        }
        return double.CreateChecked(Half * sum * invRows) + output.Cols * HalfLog2Pi;
    }

    /// <summary>The code for a batch: the latent vector (μ for the VAE). The returned tensor is reused by the next call.</summary>
    public Tensor<T> Encode(Tensor<T> x)
    {
        var h = Encoder.Forward(x);
        return Head is null ? h : Head.Forward(h);
    }

    /// <summary>μ and log σ² of q(z|x) (VAE only; reused by the next call).</summary>
    public (Tensor<T> Mu, Tensor<T> LogVar) EncodeMoments(Tensor<T> x)
    {
        if (Head is null) throw new InvalidOperationException("Only a VAE has a posterior q(z|x).");
        Head.Forward(Encoder.Forward(x));
        return (Head.Mu, Head.LogVar);
    }

    /// <summary>Decodes codes into outputs in data units (σ applied for Bernoulli); writes into <paramref name="output"/>.</summary>
    public void Decode(Tensor<T> z, Tensor<T> output)
    {
        var raw = Decoder.Forward(z);
        output.EnsureShape(raw.Rows, raw.Cols);
        Activation.Forward<T>(Config.OutputActivation, raw.Span, output.Span);
    }

    /// <summary>Deterministic reconstruction (the VAE decodes μ), into <paramref name="output"/>.</summary>
    public void Reconstruct(Tensor<T> x, Tensor<T> output) => Decode(Encode(x), output);

    /// <summary>
    /// The network op by op on a batch of normalised inputs, deterministically (the VAE's head gives μ), handing
    /// <paramref name="visit"/> each op's index and output: what calibration and the quantization report observe.
    /// </summary>
    public void Trace(Tensor<T> x, Action<int, Tensor<T>> visit)
    {
        Tensor<T> h = x;
        for (int i = Graph.NormalizeIndex + 1; i < Graph.Count; i++)
        {
            h = _modules[i]!.Forward(h);
            visit(i, h);
        }
    }

    /// <summary>The graph with the network's current weights, in float32 as model files hold them (batch normalisations still separate: <see cref="BatchNormFolding"/> folds them).</summary>
    public ModelGraph ToGraph()
    {
        var ops = Graph.Ops.ToArray();
        for (int i = 0; i < ops.Length; i++)
        {
            switch (_modules[i])
            {
                case Linear<T> l:
                    ops[i] = (DenseOp)ops[i] with { Weight = Floats(l.Weight.Value.Span), Bias = Floats(l.Bias.Value.Span) };
                    break;
                case Conv1d<T> c:
                    ops[i] = (Conv1DOp)ops[i] with { Weight = Floats(c.Weight.Value.Span), Bias = Floats(c.Bias.Value.Span) };
                    break;
                case BatchNorm1d<T> b:
                    ops[i] = (BatchNormOp)ops[i] with
                    {
                        Weight = Floats(b.Weight.Value.Span), Bias = Floats(b.Bias.Value.Span),
                        RunningMean = Floats(b.RunningMean.Span), RunningVar = Floats(b.RunningVar.Span),
                    };
                    break;
            }
        }
        return Graph with { Ops = new EquatableArray<Op>(ops) };
    }

    private static EquatableArray<float> Floats(ReadOnlySpan<T> values)
    {
        var f = new float[values.Length];
        for (int i = 0; i < f.Length; i++) f[i] = Numbers.ToFloat(values[i]);
        return new EquatableArray<float>(f);
    }
}
