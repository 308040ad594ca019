using System.Numerics;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.Evaluation;

/// <summary>Every layer's output (after its activation) for a batch, in precision T, as doubles: what the quantization report compares.</summary>
public static class LayerTrace
{
    public static double[][][] Run<T>(ModelDescription model, float[] normalized, int count)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var net = ModelImporter.Build<T>(model);
        var linears = net.EncoderLinears.Concat(net.DecoderLinears).ToArray();
        var result = new double[linears.Length][][];
        var x = Tensor<T>.Zeros(count, model.InputSize);
        Numbers.FromFloat<T>(normalized.AsSpan(0, count * model.InputSize), x.Span);
        Tensor<T> h = x;
        for (int i = 0; i < linears.Length; i++)
        {
            if (model.Kind == ModelKind.Variational && i == net.EncoderLinears.Count)
            {
                var mu = Tensor<T>.Zeros(count, model.LatentSize);
                for (int r = 0; r < count; r++) h.Row(r)[..model.LatentSize].CopyTo(mu.Row(r));
                h = mu;
            }
            var y = linears[i].Forward(h);
            var a = Tensor<T>.Zeros(y.Rows, y.Cols);
            Activation.Forward<T>(model.Layers[i].Activation, y.Span, a.Span);
            result[i] = Enumerable.Range(0, count).Select(r => a.Row(r).ToArray().Select(v => double.CreateChecked(v)).ToArray()).ToArray();
            h = a;
        }
        return result;
    }
}
