using System.Numerics;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.Evaluation;

/// <summary>Every op's output for a batch, in precision T, as doubles (empty for the ops before the network): what the quantization report compares.</summary>
public static class LayerTrace
{
    public static double[][][] Run<T>(ModelDescription model, float[] normalized, int count)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var net = ModelImporter.Build<T>(model);
        var result = new double[model.Graph.Count][][];
        for (int i = 0; i < result.Length; i++) result[i] = [];
        var x = Tensor<T>.Zeros(count, model.FeatureSize);
        Numbers.FromFloat<T>(normalized.AsSpan(0, count * model.FeatureSize), x.Span);
        net.Trace(x, (op, output) =>
            result[op] = Enumerable.Range(0, count).Select(r => output.Row(r).ToArray().Select(v => double.CreateChecked(v)).ToArray()).ToArray());
        return result;
    }
}
