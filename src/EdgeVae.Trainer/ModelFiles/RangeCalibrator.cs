using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>
/// Records the range of every op's output on calibration data, running the float32 network op by op (the calibration
/// hook of each op): the normalised input for the normalisation; what a dense, convolution or activation computes; the
/// input's range for ops that only move data (their output keeps the input's quantization). These ranges become the
/// quantizer's per-tensor scales (TensorFlow Lite's post-training calibration uses min/max the same way).
/// </summary>
public static class RangeCalibrator
{
    public static ModelDescription Calibrate(ModelDescription model, float[] normalized, int count)
    {
        if (count == 0) throw new ArgumentException("Calibration needs at least one sample.");
        var graph = model.Graph;
        var net = ModelImporter.Build<float>(model);
        int width = model.FeatureSize;
        var ranges = Enumerable.Repeat(ValueRange.Unknown, graph.Count).ToArray();
        var x = Tensor<float>.Zeros(0, 0);
        const int batch = 512;
        for (int start = 0; start < count; start += batch)
        {
            int rows = Math.Min(batch, count - start);
            x.EnsureShape(rows, width);
            normalized.AsSpan(start * width, rows * width).CopyTo(x.Span);
            ranges[graph.NormalizeIndex] = Extend(ranges[graph.NormalizeIndex], x.Span);
            net.Trace(x, (op, output) => ranges[op] = Extend(ranges[op], output.Span));
        }
        for (int i = graph.NormalizeIndex + 1; i < graph.Count; i++)
            if (graph[i].MovesDataOnly) ranges[i] = ranges[i - 1];
        var ops = graph.Ops.Select((op, i) => op with { Range = ranges[i] }).ToArray();
        return model with { Graph = graph with { Ops = new(ops) } };
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
