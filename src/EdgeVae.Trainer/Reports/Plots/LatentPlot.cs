using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Data;
using ScottPlot;

namespace EdgeVae.Trainer.Reports.Plots;

/// <summary>
/// The codes of test samples, coloured by label (a PCA projection beyond two dimensions). Samples are drawn per label, so
/// every label in the test data is present however the data is ordered.
/// </summary>
internal static class LatentPlot
{
    public const int MaxPoints = 2000;

    public static string Draw(ModelDescription model, Models.Autoencoder<float> net, Dataset test, float[] x, string path)
    {
        int width = model.FeatureSize;
        var labels = test.Labels ?? new int[test.Count];
        var classes = labels.Distinct().Order().ToArray();
        int perClass = Math.Max(1, MaxPoints / classes.Length);
        var picks = classes.SelectMany(l => Enumerable.Range(0, test.Count).Where(i => labels[i] == l).Take(perClass)).ToArray();
        var chosen = new float[picks.Length * width];
        for (int k = 0; k < picks.Length; k++) x.AsSpan(picks[k] * width, width).CopyTo(chosen.AsSpan(k * width));
        var codes = net.Encode(Tensor<float>.FromArray(picks.Length, width, chosen)).Clone();
        var points = Enumerable.Range(0, picks.Length).Select(i => codes.Row(i).ToArray().Select(v => (double)v).ToArray()).ToArray();
        var (px, py) = Reports.Pca.Project2D(points);
        var plot = new Plot();
        // The last drawn lie on top: the first label (normal data, as a rule) last, so a crowd of anomalies cannot hide it.
        for (int c = classes.Length - 1; c >= 0; c--)
        {
            var idx = Enumerable.Range(0, picks.Length).Where(k => labels[picks[k]] == classes[c]).ToArray();
            var s = plot.Add.Markers(idx.Select(k => px[k]).ToArray(), idx.Select(k => py[k]).ToArray(), ReportStyle.ClassShape(c), 4, ReportStyle.ClassColor(c, classes.Length));
            s.LegendText = (test.Labels is null ? "all samples" : ReportStyle.LabelName(test, classes[c])) + $" ({idx.Length})";
        }
        ReportStyle.LegendOutside(plot);
        bool projected = model.LatentSize > 2;
        plot.XLabel(projected ? "first principal component" : model.LatentSize == 1 ? "z" : "z₁");
        plot.YLabel(projected ? "second principal component" : model.LatentSize == 1 ? "(none: one latent dimension)" : "z₂");
        plot.Title($"latent codes of {picks.Length} test samples{(projected ? $" (PCA of {model.LatentSize} dimensions)" : "")}");
        ReportStyle.Save(plot, path);
        return $"Codes (μ for the VAE) of {picks.Length} test samples, up to {perClass} per label so that each of the {classes.Length} labels shows, coloured by label"
            + (projected ? ", projected on their first two principal components." : ".");
    }
}
