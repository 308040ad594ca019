using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// x' = (x − offset) · scale per feature, fitted on training data only. Statistics are pooled the way the data
/// is laid out: per feature for tables, over all pixels for images, per channel for time windows.
/// </summary>
public static class Normalizer
{
    public static NormalizeOp Fit(Dataset train, NormalizationMethod method) => Fit(train, method, perFeature: false);

    /// <summary>
    /// As <see cref="Fit(Dataset, NormalizationMethod)"/>; with <paramref name="perFeature"/> every feature gets its own
    /// statistics whatever the layout (e.g. each pixel of a one-class image set), the z-score's deviation floored at
    /// 1 % of the largest feature's so features constant in training do not divide by zero.
    /// </summary>
    public static NormalizeOp Fit(Dataset train, NormalizationMethod method, bool perFeature)
    {
        int d = train.Width;
        var offset = new float[d];
        var scale = new float[d];
        if (method == NormalizationMethod.None)
        {
            Array.Fill(scale, 1f);
            return Op(method, offset, scale);
        }
        // Feature i belongs to group Group(i); statistics are computed per group in double.
        var layout = perFeature ? DataLayout.Tabular : train.Layout;
        int groups = layout switch { DataLayout.Image => 1, DataLayout.TimeWindow => train.Channels, _ => d };
        int Group(int i) => layout switch { DataLayout.Image => 0, DataLayout.TimeWindow => i % train.Channels, _ => i };
        var min = Enumerable.Repeat(double.PositiveInfinity, groups).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, groups).ToArray();
        var sum = new double[groups];
        var sumSq = new double[groups];
        var n = new long[groups];
        for (int r = 0; r < train.Count; r++)
        {
            var row = train.Row(r);
            for (int i = 0; i < d; i++)
            {
                int g = Group(i);
                double v = row[i];
                if (v < min[g]) min[g] = v;
                if (v > max[g]) max[g] = v;
                sum[g] += v;
                sumSq[g] += v * v;
                n[g]++;
            }
        }
        double maxStd = 0;
        for (int g = 0; g < groups; g++) maxStd = Math.Max(maxStd, Math.Sqrt(Math.Max(sumSq[g] / n[g] - sum[g] / n[g] * (sum[g] / n[g]), 0)));
        double floor = perFeature ? 0.01 * maxStd : 0;
        for (int i = 0; i < d; i++)
        {
            int g = Group(i);
            if (method == NormalizationMethod.MinMax)
            {
                double range = max[g] - min[g];
                offset[i] = (float)min[g];
                scale[i] = range > 0 ? (float)(1 / range) : 1f; // a constant feature maps to 0
            }
            else
            {
                double mean = sum[g] / n[g];
                double variance = Math.Max(sumSq[g] / n[g] - mean * mean, 0);
                offset[i] = (float)mean;
                double std = Math.Max(Math.Sqrt(variance), floor);
                scale[i] = std > 1e-6 ? (float)(1 / std) : 1f;
            }
        }
        return Op(method, offset, scale);
    }

    /// <summary>The graph's normalisation op with these statistics.</summary>
    public static NormalizeOp Op(NormalizationMethod method, float[] offset, float[] scale) => new("normalize", method, new(offset), new(scale));

    /// <summary>Applies the normalisation to every row, into a new array.</summary>
    public static float[] Apply(NormalizeOp norm, Dataset data)
    {
        var result = new float[data.Features.Length];
        float[] offset = norm.Offset.AsArray(), scale = norm.Scale.AsArray();
        for (int r = 0; r < data.Count; r++)
        {
            var row = data.Row(r);
            var dst = result.AsSpan(r * data.Width, data.Width);
            for (int i = 0; i < row.Length; i++) dst[i] = (row[i] - offset[i]) * scale[i];
        }
        return result;
    }
}
