using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>
/// Records the range of every activation tensor on calibration data, running the float32 network layer by
/// layer: the normalised input, and each layer's pre-activation and output. These ranges become the
/// quantizer's per-tensor scales (TensorFlow Lite's post-training calibration uses min/max the same way).
/// </summary>
public static class RangeCalibrator
{
    public static ModelDescription Calibrate(ModelDescription model, float[] normalized, int count)
    {
        if (count == 0) throw new ArgumentException("Calibration needs at least one sample.");
        var net = ModelImporter.Build<float>(model);
        int width = model.InputSize;
        var layers = model.Layers.AsArray();
        var pre = Enumerable.Repeat(ValueRange.Unknown, layers.Length).ToArray();
        var post = Enumerable.Repeat(ValueRange.Unknown, layers.Length).ToArray();
        var input = ValueRange.Unknown;
        var linears = net.EncoderLinears.Concat(net.DecoderLinears).ToArray();
        var x = Tensor<float>.Zeros(0, 0);
        var act = Tensor<float>.Zeros(0, 0);
        const int batch = 512;
        for (int start = 0; start < count; start += batch)
        {
            int rows = Math.Min(batch, count - start);
            x.EnsureShape(rows, width);
            normalized.AsSpan(start * width, rows * width).CopyTo(x.Span);
            input = Extend(input, x.Span);
            Tensor<float> h = x;
            for (int i = 0; i < linears.Length; i++)
            {
                if (model.Kind == ModelKind.Variational && i == net.EncoderLinears.Count) h = Mu(h, model.LatentSize);
                var y = linears[i].Forward(h);
                pre[i] = Extend(pre[i], y.Span);
                var a = Tensor<float>.Zeros(y.Rows, y.Cols);
                Activation.Forward<float>(layers[i].Activation, y.Span, a.Span);
                post[i] = Extend(post[i], a.Span);
                h = a;
            }
        }
        var calibrated = layers.Select((l, i) => l with { PreActivationRange = pre[i], OutputRange = post[i] }).ToArray();
        return model with { Layers = new(calibrated), InputRange = input };
    }

    /// <summary>The VAE decodes μ (the first half of the encoder output) when it reconstructs deterministically.</summary>
    private static Tensor<float> Mu(Tensor<float> h, int latent)
    {
        var mu = Tensor<float>.Zeros(h.Rows, latent);
        for (int r = 0; r < h.Rows; r++) h.Row(r)[..latent].CopyTo(mu.Row(r));
        return mu;
    }

    private static ValueRange Extend(ValueRange r, ReadOnlySpan<float> values)
    {
        float min = r.IsKnown ? r.Min : float.PositiveInfinity, max = r.IsKnown ? r.Max : float.NegativeInfinity;
        foreach (float v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return new ValueRange(min, max);
    }
}
