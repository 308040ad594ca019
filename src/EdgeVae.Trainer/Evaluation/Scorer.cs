using System.Numerics;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.Evaluation;

/// <summary>Per-sample scores of a network: what the generated code's <c>Score</c> and <c>NegativeElbo</c> compute.</summary>
public static class Scorer
{
    private const int Batch = 512;

    /// <summary>
    /// Mean squared reconstruction error per sample (normalised units; the VAE decodes μ), and for the VAE the
    /// deterministic −ELBO per sample (nats): −log p(x | z = μ) + KL(q(z|x) ‖ N(0, I)).
    /// </summary>
    public static (double[] Mse, double[]? NegElbo) Score<T>(Autoencoder<T> net, float[] normalized, int count)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var c = net.Config;
        int width = c.InputSize;
        bool vae = c.Kind == ModelKind.Variational;
        var mse = new double[count];
        var elbo = vae ? new double[count] : null;
        var x = Tensor<T>.Zeros(0, 0);
        var output = Tensor<T>.Zeros(0, 0);
        var raw = Tensor<T>.Zeros(0, 0);
        for (int start = 0; start < count; start += Batch)
        {
            int rows = Math.Min(Batch, count - start);
            x.EnsureShape(rows, width);
            Numbers.FromFloat<T>(normalized.AsSpan(start * width, rows * width), x.Span);
            double[]? kl = null;
            if (vae)
            {
                var (mu, logVar) = net.EncodeMoments(x);
                kl = new double[rows];
                for (int r = 0; r < rows; r++)
                {
                    var m = mu.Row(r);
                    var lv = logVar.Row(r);
                    double s = 0;
                    for (int j = 0; j < m.Length; j++)
                    {
                        double md = double.CreateChecked(m[j]), l = double.CreateChecked(lv[j]);
                        s += md * md + Math.Exp(l) - 1 - l;
                    }
                    kl[r] = 0.5 * s;
                }
                raw = net.Decoder.Forward(mu);
            }
            else raw = net.Decoder.Forward(net.Encoder.Forward(x));
            output.EnsureShape(raw.Rows, raw.Cols);
            Numerics.Activations.Activation.Forward<T>(c.OutputActivation, raw.Span, output.Span);
            for (int r = 0; r < rows; r++)
            {
                var xr = x.Row(r);
                var yr = output.Row(r);
                double s = 0;
                for (int j = 0; j < width; j++)
                {
                    double d = double.CreateChecked(yr[j] - xr[j]);
                    s += d * d;
                }
                mse[start + r] = s / width;
                if (vae) elbo![start + r] = ReconstructionNll(c.Reconstruction, raw.Row(r), xr) + kl![r];
            }
            EvaluationProgress.Report("scoring", start + rows, count);
        }
        return (mse, elbo);
    }

    /// <summary>−log p(x | decoder output) for one sample (nats).</summary>
    public static double ReconstructionNll<T>(ReconstructionKind kind, ReadOnlySpan<T> raw, ReadOnlySpan<T> x) where T : INumber<T>
    {
        double s = 0;
        if (kind == ReconstructionKind.Bernoulli)
        {
            for (int j = 0; j < raw.Length; j++)
            {
                double z = double.CreateChecked(raw[j]), t = Math.Clamp(double.CreateChecked(x[j]), 0, 1);
                s += Math.Max(z, 0) - z * t + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            }
            return s;
        }
        for (int j = 0; j < raw.Length; j++)
        {
            double d = double.CreateChecked(raw[j] - x[j]);
            s += d * d;
        }
        return 0.5 * s + 0.5 * raw.Length * Math.Log(2 * Math.PI);
    }

    /// <summary>
    /// The VAE's objective on a data set with one sampled z per sample (fixed seed), averaged per sample:
    /// (−ELBO, reconstruction, KL) in nats — the number PyTorch's VAE example reports as its test loss.
    /// </summary>
    public static LossParts SampledElbo<T>(Autoencoder<T> net, float[] normalized, int count, ulong seed)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var rng = new Prng(seed);
        var x = Tensor<T>.Zeros(0, 0);
        LossParts sum = default;
        for (int start = 0; start < count; start += Batch)
        {
            int rows = Math.Min(Batch, count - start);
            x.EnsureShape(rows, net.Config.InputSize);
            Numbers.FromFloat<T>(normalized.AsSpan(start * net.Config.InputSize, rows * net.Config.InputSize), x.Span);
            sum += net.Evaluate(x, rng, 1.0) * rows;
        }
        return sum * (1.0 / count);
    }

    /// <summary>
    /// Importance-sampled negative log-likelihood per sample (nats), with q(z|x) as the proposal:
    /// log p(x) ≈ log (1/k) Σᵢ p(x|zᵢ) p(zᵢ) / q(zᵢ|x), zᵢ ~ q(z|x). Tighter than the ELBO as k grows.
    /// </summary>
    public static double ImportanceSampledNll<T>(Autoencoder<T> net, float[] normalized, int count, int k, ulong seed)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var c = net.Config;
        int width = c.InputSize, latent = c.Latent;
        var rng = new Prng(seed);
        var x = Tensor<T>.Zeros(0, 0);
        var z = Tensor<T>.Zeros(0, 0);
        double total = 0;
        for (int start = 0; start < count; start += Batch)
        {
            int rows = Math.Min(Batch, count - start);
            x.EnsureShape(rows, width);
            Numbers.FromFloat<T>(normalized.AsSpan(start * width, rows * width), x.Span);
            var (muT, lvT) = net.EncodeMoments(x);
            var mu = muT.Span.ToArray().Select(double.CreateChecked).ToArray();
            var lv = lvT.Span.ToArray().Select(double.CreateChecked).ToArray();
            var logW = new double[rows, k];
            z.EnsureShape(rows, latent);
            for (int s = 0; s < k; s++)
            {
                var logQminusP = new double[rows];
                Span<T> zs = z.Span;
                for (int r = 0; r < rows; r++)
                {
                    double acc = 0;
                    for (int j = 0; j < latent; j++)
                    {
                        int i = r * latent + j;
                        double eps = rng.NextGaussian();
                        double zv = mu[i] + Math.Exp(0.5 * lv[i]) * eps;
                        zs[i] = T.CreateChecked(zv);
                        // log q(z|x) − log p(z) = Σ [−½ε² − ½lv − ½ln2π] − Σ [−½z² − ½ln2π]
                        acc += -0.5 * eps * eps - 0.5 * lv[i] + 0.5 * zv * zv;
                    }
                    logQminusP[r] = acc;
                }
                var raw = net.Decoder.Forward(z);
                for (int r = 0; r < rows; r++)
                    logW[r, s] = -ReconstructionNll(c.Reconstruction, raw.Row(r), x.Row(r)) - logQminusP[r];
            }
            for (int r = 0; r < rows; r++)
            {
                double max = double.NegativeInfinity;
                for (int s = 0; s < k; s++) max = Math.Max(max, logW[r, s]);
                double sum = 0;
                for (int s = 0; s < k; s++) sum += Math.Exp(logW[r, s] - max);
                total += -(max + Math.Log(sum / k));
            }
            EvaluationProgress.Report($"importance sampling (k = {k})", start + rows, count);
        }
        return total / count;
    }
}
