using System.Numerics;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Losses;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.Models;

/// <summary>
/// The autoencoder family on one code path, generic over the precision T. Encoder: Linear → act → … → Linear
/// (→ code activation). Decoder mirrors it and ends in a Linear whose output is the mean (Gaussian) or the
/// logits (Bernoulli). For the VAE the encoder's last layer has 2·latent outputs: μ then log σ².
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
    private readonly Tensor<T> _mu = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _logVar = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _eps = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _z = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradEncoder = Tensor<T>.Zeros(0, 0);

    public Autoencoder(AutoencoderConfig config, Prng init)
    {
        config.Validate();
        Config = config;
        var enc = new List<Module<T>>();
        int width = config.InputSize, index = 0;
        foreach (int h in config.Hidden)
        {
            var linear = new Linear<T>(width, h, init, InitFor(config.Activation), $"encoder.{index++}");
            EncoderLinears.Add(linear);
            enc.Add(linear);
            enc.Add(new ActivationLayer<T>(config.Activation));
            width = h;
        }
        int encoderOut = config.Kind == ModelKind.Variational ? 2 * config.Latent : config.Latent;
        var code = new Linear<T>(width, encoderOut, init, Init.XavierUniform, $"encoder.{index}");
        EncoderLinears.Add(code);
        enc.Add(code);
        if (config.CodeActivation != ActivationFunction.Identity) enc.Add(new ActivationLayer<T>(config.CodeActivation));

        var dec = new List<Module<T>>();
        width = config.Latent;
        index = 0;
        foreach (int h in config.Hidden.Reverse())
        {
            var linear = new Linear<T>(width, h, init, InitFor(config.Activation), $"decoder.{index++}");
            DecoderLinears.Add(linear);
            dec.Add(linear);
            dec.Add(new ActivationLayer<T>(config.Activation));
            width = h;
        }
        var output = new Linear<T>(width, config.InputSize, init, Init.XavierUniform, $"decoder.{index}");
        DecoderLinears.Add(output);
        dec.Add(output);
        EncoderLinears[0].ComputeInputGradient = false; // nothing upstream of the input needs a gradient
        Encoder = new Sequential<T>(enc.ToArray());
        Decoder = new Sequential<T>(dec.ToArray());
    }

    private static Init InitFor(ActivationFunction a) => a is ActivationFunction.Relu or ActivationFunction.LeakyRelu ? Init.HeUniform : Init.XavierUniform;

    public AutoencoderConfig Config { get; }

    public Sequential<T> Encoder { get; }

    public Sequential<T> Decoder { get; }

    public List<Linear<T>> EncoderLinears { get; } = [];

    public List<Linear<T>> DecoderLinears { get; } = [];

    public IEnumerable<Parameter<T>> Parameters() => Encoder.Parameters().Concat(Decoder.Parameters());

    private bool IsVae => Config.Kind == ModelKind.Variational;

    /// <summary>
    /// Forward and backward for one batch of clean inputs: accumulates parameter gradients (call ZeroGrad
    /// first) and returns the loss parts. <paramref name="klWeight"/> is β times the warm-up factor.
    /// </summary>
    public LossParts TrainStep(Tensor<T> clean, Prng rng, double klWeight) => Run(clean, rng, klWeight, backward: true);

    /// <summary>The same objective without gradients (validation).</summary>
    public LossParts Evaluate(Tensor<T> clean, Prng rng, double klWeight) => Run(clean, rng, klWeight, backward: false);

    private LossParts Run(Tensor<T> clean, Prng rng, double klWeight, bool backward)
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
        int rows = x.Rows, latent = Config.Latent;
        var h = Encoder.Forward(x);
        SplitMoments(h);
        _eps.EnsureShape(rows, latent);
        _z.EnsureShape(rows, latent);
        rng.FillGaussian<T>(_eps.Span);
        ReadOnlySpan<T> mu = _mu.Span, lv = _logVar.Span, eps = _eps.Span;
        Span<T> z = _z.Span;
        for (int i = 0; i < z.Length; i++) z[i] = mu[i] + T.Exp(Half * lv[i]) * eps[i];
        var output = Decoder.Forward(_z);
        double recon = ReconstructionNll(output, x, gradient: backward);
        double kl = double.CreateChecked(_kl.Forward(_mu, _logVar));
        if (backward)
        {
            var gz = Decoder.Backward(_gradOutput).Span;
            _gradEncoder.EnsureShape(rows, 2 * latent);
            Span<T> gh = _gradEncoder.Span;
            ReadOnlySpan<T> gmu = _kl.GradientMu.Span, glv = _kl.GradientLogVar.Span;
            T w = T.CreateChecked(klWeight);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < latent; j++)
                {
                    int k = i * latent + j;
                    // z = μ + e^(lv/2)·ε: ∂z/∂μ = 1, ∂z/∂lv = ½·e^(lv/2)·ε.
                    gh[i * 2 * latent + j] = gz[k] + w * gmu[k];
                    gh[i * 2 * latent + latent + j] = gz[k] * Half * (z[k] - mu[k]) + w * glv[k];
                }
            }
            Encoder.Backward(_gradEncoder);
        }
        return new LossParts(recon + klWeight * kl, recon, kl);
    }

    /// <summary>Copies the encoder output [μ | log σ²] into separate tensors.</summary>
    private void SplitMoments(Tensor<T> h)
    {
        int rows = h.Rows, latent = Config.Latent;
        _mu.EnsureShape(rows, latent);
        _logVar.EnsureShape(rows, latent);
        for (int i = 0; i < rows; i++)
        {
            h.Row(i)[..latent].CopyTo(_mu.Row(i));
            h.Row(i)[latent..].CopyTo(_logVar.Row(i));
        }
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
        if (!IsVae) return h;
        SplitMoments(h);
        return _mu;
    }

    /// <summary>μ and log σ² of q(z|x) (VAE only; reused by the next call).</summary>
    public (Tensor<T> Mu, Tensor<T> LogVar) EncodeMoments(Tensor<T> x)
    {
        if (!IsVae) throw new InvalidOperationException("Only a VAE has a posterior q(z|x).");
        SplitMoments(Encoder.Forward(x));
        return (_mu, _logVar);
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
}
