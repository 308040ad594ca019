using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Training;
using ScottPlot;

namespace EdgeVae.Trainer.Reports;

/// <summary>
/// <c>edgevae report</c>: loss curves, inputs beside reconstructions, VAE samples, the latent space coloured by
/// label and the score histogram with the threshold, as PNGs, and a Markdown page that shows them with the
/// evaluation metrics.
/// </summary>
public static class ReportBuilder
{
    private const int Width = 900, Height = 520;

    public static string Build(ModelDescription model, DataSplits splits, string directory, JsonObject metrics)
    {
        Directory.CreateDirectory(directory);
        var md = new StringBuilder();
        md.AppendLine($"# EdgeVae report: {model.Name}").AppendLine();
        md.AppendLine($"{ModelFileFormat.KindName(model.Kind)} {ModelSummary.Architecture(model)} (latent {model.LatentSize}), " +
            $"{model.ParameterCount:N0} parameters, {model.MacsPerInference:N0} MACs per inference. Data: {splits.Description}.").AppendLine();
        md.AppendLine("| metric | value |").AppendLine("| --- | ---: |");
        foreach (var (k, v) in metrics)
            if (v is JsonValue value) md.AppendLine($"| {k} | {(value.TryGetValue(out double d) ? d.ToString("G5", CultureInfo.InvariantCulture) : value.ToString())} |");
        md.AppendLine();

        var test = splits.Test.Count > 3000 ? splits.Test.Subset(Enumerable.Range(0, 3000).ToArray()) : splits.Test;
        var x = Normalizer.Apply(model.Normalization, test);
        var net = ModelImporter.Build<float>(model);

        Section(md, "Training", "loss.png", LossCurves(model, Path.Combine(directory, "loss.png")));
        Section(md, "Inputs and reconstructions", "reconstructions.png", Reconstructions(model, net, test, x, splits.IsAnomaly, Path.Combine(directory, "reconstructions.png")));
        if (model.Kind == ModelKind.Variational)
            Section(md, "Samples from the prior", "samples.png", Samples(model, net, Path.Combine(directory, "samples.png")));
        Section(md, "Latent space", "latent.png", Latent(model, net, test, x, Path.Combine(directory, "latent.png")));
        if (splits.IsAnomaly is not null && test.Labels is not null)
            Section(md, "Anomaly scores", "scores.png", Scores(model, test, splits.IsAnomaly, Path.Combine(directory, "scores.png")));
        string page = Path.Combine(directory, "report.md");
        AtomicFile.WriteAllText(page, md.ToString());
        return page;
    }

    private static void Section(StringBuilder md, string title, string file, string caption) =>
        md.AppendLine($"## {title}").AppendLine().AppendLine($"![{title}]({file})").AppendLine().AppendLine(caption).AppendLine();

    private static void Save(Plot plot, string path)
    {
        var temp = path + ".tmp.png";
        plot.SavePng(temp, Width, Height);
        File.Move(temp, path, overwrite: true);
    }

    private static string LossCurves(ModelDescription model, string path)
    {
        var history = ModelImporter.Training(model)["history"]?.AsArray();
        var plot = new Plot();
        if (history is null || history.Count == 0)
        {
            plot.Title("no training history in the model file");
            Save(plot, path);
            return "The model file holds no training history.";
        }
        double[] epochs = history.Select(h => (double)h!["epoch"]!.GetValue<int>()).ToArray();
        var train = plot.Add.Scatter(epochs, history.Select(h => h!["train_loss"]!.GetValue<double>()).ToArray());
        train.LegendText = "training";
        var val = plot.Add.Scatter(epochs, history.Select(h => h!["validation_loss"]!.GetValue<double>()).ToArray());
        val.LegendText = "validation";
        plot.XLabel("epoch");
        plot.YLabel(model.Kind == ModelKind.Variational ? "−ELBO (nats per sample)" : "loss");
        plot.Title("Training and validation loss");
        plot.ShowLegend();
        Save(plot, path);
        return $"Final validation loss {history[^1]!["validation_loss"]!.GetValue<double>():G5} after {history.Count} epochs.";
    }

    private static bool IsImage(ModelDescription m, out int side)
    {
        side = (int)Math.Round(Math.Sqrt(m.InputSize));
        return m.Data.Window == 0 && side * side == m.InputSize;
    }

    private static float[] Reconstruct(Models.Autoencoder<float> net, float[] x, int rows, int width)
    {
        var output = Tensor<float>.Zeros(0, 0);
        net.Reconstruct(Tensor<float>.FromArray(rows, width, x.AsSpan(0, rows * width)), output);
        return output.Span.ToArray();
    }

    private static string Reconstructions(ModelDescription model, Models.Autoencoder<float> net, Dataset test, float[] x, Func<int, bool>? isAnomaly, string path)
    {
        int n = Math.Min(8, test.Count), width = model.InputSize;
        // Show normal samples first, then anomalies, so both behaviours are visible.
        var picks = Enumerable.Range(0, test.Count).Where(i => isAnomaly is null || test.Labels is null || !isAnomaly(test.Labels[i])).Take(n / 2)
            .Concat(Enumerable.Range(0, test.Count).Where(i => isAnomaly is not null && test.Labels is not null && isAnomaly(test.Labels[i])).Take(n / 2)).ToArray();
        if (picks.Length < n) picks = Enumerable.Range(0, n).ToArray();
        var chosen = picks.SelectMany(i => x.AsSpan(i * width, width).ToArray()).ToArray();
        var recon = Reconstruct(net, chosen, picks.Length, width);
        var plot = new Plot();
        if (IsImage(model, out int side))
        {
            Tiles(plot, [chosen, recon], picks.Length, side);
            plot.Title("top: inputs; bottom: reconstructions");
        }
        else
        {
            // Time windows: channels stacked with an offset, input solid, reconstruction dashed, for one normal and one anomalous window.
            int channels = model.Data.Channels, steps = width / channels;
            foreach (var (pick, k) in new[] { (0, 0), (picks.Length - 1, 1) })
            {
                for (int c = 0; c < channels; c++)
                {
                    double offset = -6.0 * c - 6.0 * channels * k;
                    double[] t = Enumerable.Range(0, steps).Select(s => (double)s).ToArray();
                    var input = plot.Add.Scatter(t, Enumerable.Range(0, steps).Select(s => chosen[pick * width + s * channels + c] + offset).ToArray());
                    input.MarkerSize = 0;
                    input.Color = Colors.Black;
                    var rec = plot.Add.Scatter(t, Enumerable.Range(0, steps).Select(s => recon[pick * width + s * channels + c] + offset).ToArray());
                    rec.MarkerSize = 0;
                    rec.Color = Colors.Red;
                    rec.LinePattern = LinePattern.Dashed;
                    if (c == 0 && k == 0) { input.LegendText = "input"; rec.LegendText = "reconstruction"; }
                }
            }
            plot.ShowLegend();
            plot.XLabel("time step");
            plot.YLabel("normalised value (channels offset)");
            plot.Title($"a normal window (top) and {(test.Labels is not null && test.ClassNames is not null ? test.ClassNames[test.Labels[picks[^1]]] : "another")} window (bottom)");
        }
        Save(plot, path);
        return $"{picks.Length} test samples and what the model makes of them (the VAE decodes μ).";
    }

    /// <summary>Rows of images side by side in one grayscale heatmap, one pixel of gap between tiles.</summary>
    private static void Tiles(Plot plot, float[][] rows, int count, int side)
    {
        var grid = new double[rows.Length * (side + 1), count * (side + 1)];
        for (int r = 0; r < grid.GetLength(0); r++) for (int c = 0; c < grid.GetLength(1); c++) grid[r, c] = 0.5;
        for (int row = 0; row < rows.Length; row++)
            for (int k = 0; k < count; k++)
                for (int py = 0; py < side; py++)
                    for (int px = 0; px < side; px++)
                        grid[row * (side + 1) + py, k * (side + 1) + px] = Math.Clamp(rows[row][k * side * side + py * side + px], 0, 1);
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        plot.Axes.Frameless();
        plot.HideGrid();
    }

    private static string Samples(ModelDescription model, Models.Autoencoder<float> net, string path)
    {
        int n = 16;
        var z = Tensor<float>.Zeros(n, model.LatentSize);
        new Prng(1).FillGaussian<float>(z.Span);
        var output = Tensor<float>.Zeros(0, 0);
        net.Decode(z, output);
        var plot = new Plot();
        if (IsImage(model, out int side))
        {
            var s = output.Span.ToArray();
            Tiles(plot, [s[..(8 * side * side)], s[(8 * side * side)..]], 8, side);
            plot.Title("decoded z ~ N(0, I)");
        }
        else
        {
            int channels = model.Data.Channels, steps = model.InputSize / channels;
            for (int k = 0; k < 4; k++)
            {
                var line = plot.Add.Scatter(Enumerable.Range(0, steps).Select(t => (double)t).ToArray(),
                    Enumerable.Range(0, steps).Select(t => output[k, t * channels] - 4.0 * k).ToArray());
                line.MarkerSize = 0;
            }
            plot.Title("decoded z ~ N(0, I): first channel of four samples (offset)");
        }
        Save(plot, path);
        return "Samples from the generative model: z drawn from the prior, decoded (seed 1).";
    }

    private static string Latent(ModelDescription model, Models.Autoencoder<float> net, Dataset test, float[] x, string path)
    {
        int n = Math.Min(2000, test.Count), width = model.InputSize;
        var codes = net.Encode(Tensor<float>.FromArray(n, width, x.AsSpan(0, n * width))).Clone();
        var points = Enumerable.Range(0, n).Select(i => codes.Row(i).ToArray().Select(v => (double)v).ToArray()).ToArray();
        var (px, py) = Pca.Project2D(points);
        var plot = new Plot();
        var labels = test.Labels ?? new int[test.Count];
        var palette = new ScottPlot.Palettes.Category10();
        foreach (int label in labels.Take(n).Distinct().Order())
        {
            var idx = Enumerable.Range(0, n).Where(i => labels[i] == label).ToArray();
            var s = plot.Add.ScatterPoints(idx.Select(i => px[i]).ToArray(), idx.Select(i => py[i]).ToArray());
            s.MarkerSize = 3;
            s.Color = palette.GetColor(label % 10);
            s.LegendText = test.ClassNames is { } names && label < names.Length ? names[label] : $"label {label}";
        }
        plot.ShowLegend();
        bool projected = model.LatentSize > 2;
        plot.XLabel(projected ? "first principal component" : "z₁");
        plot.YLabel(projected ? "second principal component" : "z₂");
        plot.Title($"latent codes of {n} test samples{(projected ? $" (PCA of {model.LatentSize} dimensions)" : "")}");
        Save(plot, path);
        return $"Codes (μ for the VAE) of {n} test samples, coloured by label{(projected ? ", projected on their first two principal components" : "")}.";
    }

    private static string Scores(ModelDescription model, Dataset test, Func<int, bool> isAnomaly, string path)
    {
        var (mse, _) = PrecisionScores.Compute(model, test, "float32");
        var logs = mse.Select(s => Math.Log10(Math.Max(s, 1e-12))).ToArray();
        double lo = logs.Min(), hi = logs.Max();
        const int bins = 60;
        double step = (hi - lo) / bins + 1e-12;
        var plot = new Plot();
        foreach (var (anomalous, color, name) in new[] { (false, Colors.Blue, "normal"), (true, Colors.Red, "anomalous") })
        {
            var counts = new double[bins];
            int total = 0;
            for (int i = 0; i < logs.Length; i++)
            {
                if (isAnomaly(test.Labels![i]) != anomalous) continue;
                counts[Math.Min(bins - 1, (int)((logs[i] - lo) / step))]++;
                total++;
            }
            if (total == 0) continue;
            var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * step).ToArray(), counts.Select(c => c / total).ToArray());
            bars.Color = color.WithAlpha(0.5);
            foreach (var bar in bars.Bars) { bar.Size = step; bar.LineWidth = 0; }
            bars.LegendText = name;
        }
        string caption = "Reconstruction-error scores (log10) of normal and anomalous test samples.";
        if (model.ThresholdFor("float32") is { } t)
        {
            var line = plot.Add.VerticalLine(Math.Log10(t.Value));
            line.Color = Colors.Black;
            line.LegendText = $"threshold ({t.Method}:{t.Parameter})";
            caption += $" The vertical line is the float32 threshold {t.Value:G5}.";
        }
        plot.ShowLegend();
        plot.XLabel("log10 score (mean squared error, normalised units)");
        plot.YLabel("fraction of samples");
        plot.Title("anomaly scores");
        Save(plot, path);
        return caption;
    }
}
