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
using EdgeVae.Trainer.Reports.Plots;
using ScottPlot;

namespace EdgeVae.Trainer.Reports;

/// <summary>
/// <c>edgevae report</c>: a Markdown page with the evaluation metrics and its pictures (PNG): loss curves, inputs beside
/// reconstructions, VAE samples, the latent space by label, and against the truth the score histogram, ROC and
/// precision-recall curves with the threshold's operating point, the score over time for a time series, the error per
/// channel (per column for a table, per pixel for images), and for a spectral front-end the spectrograms of a normal and
/// an anomalous window beside their reconstructions. Each picture is one file in <c>Plots/</c>.
/// </summary>
public static class ReportBuilder
{
    /// <summary>Test samples drawn at most (the first ones); enough for every picture, quick on any data set.</summary>
    public const int MaxSamples = 3000;

    public static string Build(ModelDescription model, Dataset fullTest, Func<int, bool>? isAnomaly, string description, string directory, JsonObject metrics)
    {
        Directory.CreateDirectory(directory);
        var md = new StringBuilder();
        md.AppendLine($"# EdgeVae report: {model.Name}").AppendLine();
        md.AppendLine($"{ModelFileFormat.KindName(model.Kind)} {ModelSummary.Architecture(model)} (latent {model.LatentSize}), " +
            $"{model.ParameterCount:N0} parameters, {model.MacsPerInference:N0} MACs per inference. Data: {description}.").AppendLine();
        md.AppendLine("| metric | value |").AppendLine("| --- | ---: |");
        foreach (var (k, v) in metrics)
            if (v is JsonValue value) md.AppendLine($"| {k} | {(value.TryGetValue(out double d) ? d.ToString("G5", CultureInfo.InvariantCulture) : value.ToString())} |");
        md.AppendLine();

        var test = fullTest.Count > MaxSamples ? fullTest.Subset(Enumerable.Range(0, MaxSamples).ToArray()) : fullTest;
        var x = Normalizer.Apply(model.Normalization, test);
        var net = ModelImporter.Build<float>(model);
        string File(string name) => Path.Combine(directory, name);

        Section(md, "Training", "loss.png", LossPlot.Draw(model, File("loss.png")));
        Section(md, "Inputs and reconstructions", "reconstructions.png", ReconstructionPlot.Draw(model, net, test, x, isAnomaly, File("reconstructions.png")));
        if (SpectrogramPlot.Applies(model))
            Section(md, "Spectrograms", "spectrogram.png", SpectrogramPlot.Draw(model, net, test, x, isAnomaly, File("spectrogram.png")));
        if (model.Kind == ModelKind.Variational)
            Section(md, "Samples from the prior", "samples.png", Samples(model, net, File("samples.png")));
        Section(md, "Latent space", "latent.png", LatentPlot.Draw(model, net, test, x, File("latent.png")));
        if (isAnomaly is not null && test.Labels is not null)
        {
            var truth = test.Labels.Select(isAnomaly).ToArray();
            if (truth.Any(t => t) && truth.Any(t => !t))
            {
                var threshold = model.ThresholdFor("float32");
                var scores = PrecisionScores.ComputeAll(model, test, "float32").For(threshold);
                string score = threshold?.Score ?? "mse";
                md.AppendLine($"Scores: the {ScorePlots.ScoreName(score)} in float32{(threshold is null ? " (no float32 threshold is calibrated)" : $", against the float32 threshold {threshold.Value:G5}")}, on {test.Count} test samples.").AppendLine();
                Section(md, "Anomaly scores", "scores.png", ScorePlots.Histogram(scores, truth, threshold, score, File("scores.png")));
                Section(md, "ROC", "roc.png", ScorePlots.Roc(scores, truth, threshold, Metrics.Auroc(scores, truth), File("roc.png")));
                Section(md, "Precision and recall", "pr.png", ScorePlots.PrecisionRecall(scores, truth, threshold, Metrics.Auprc(scores, truth), File("pr.png")));
                if (model.Data.Window > 0)
                    Section(md, "Score over time", "timeline.png", ScorePlots.OverTime(model, test, scores, truth, threshold, score, File("timeline.png")));
                bool image = ReconstructionPlot.IsImage(model, out int side);
                Section(md, image ? "Error per pixel" : model.Data.Window > 0 ? "Error per channel" : "Error per column", "errors.png",
                    ChannelErrorPlot.Draw(model, test, isAnomaly, threshold?.Standardization, image, side, File("errors.png")));
            }
            else md.AppendLine("The test data holds " + (truth.Any(t => t) ? "only anomalies" : "no anomalies") + ", so there are no pictures of scores against the truth.").AppendLine();
        }
        string page = Path.Combine(directory, "report.md");
        AtomicFile.WriteAllText(page, md.ToString());
        return page;
    }

    private static void Section(StringBuilder md, string title, string file, string caption) =>
        md.AppendLine($"## {title}").AppendLine().AppendLine($"![{title}]({file})").AppendLine().AppendLine(caption).AppendLine();

    /// <summary>Rows of images side by side in one grayscale heatmap, one pixel of gap between tiles.</summary>
    internal static void Tiles(Plot plot, float[][] rows, int count, int side)
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
        if (ReconstructionPlot.IsImage(model, out int side))
        {
            var s = output.Span.ToArray();
            Tiles(plot, [s[..(8 * side * side)], s[(8 * side * side)..]], 8, side);
            plot.Title("decoded z ~ N(0, I)");
        }
        else
        {
            int channels = model.Data.Channels, steps = model.FeatureSize / channels;
            for (int k = 0; k < 4; k++)
            {
                var line = plot.Add.Scatter(Enumerable.Range(0, steps).Select(t => (double)t).ToArray(),
                    Enumerable.Range(0, steps).Select(t => output[k, t * channels] - 4.0 * k).ToArray());
                line.MarkerSize = 0;
            }
            plot.Title("decoded z ~ N(0, I): first channel of four samples (offset)");
        }
        ReportStyle.Save(plot, path);
        return "Samples from the generative model: z drawn from the prior, decoded (seed 1).";
    }
}
