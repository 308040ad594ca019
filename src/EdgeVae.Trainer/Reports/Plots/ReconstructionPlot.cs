using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Data;
using ScottPlot;

namespace EdgeVae.Trainer.Reports.Plots;

/// <summary>
/// Inputs beside what the model makes of them: images as tiles; a time window as one band per named channel; a table row
/// as its columns, input and reconstruction side by side — for normal samples and for anomalies of each kind.
/// </summary>
internal static class ReconstructionPlot
{
    public static bool IsImage(ModelDescription m, out int side)
    {
        side = (int)Math.Round(Math.Sqrt(m.FeatureSize));
        return m.Data.Window == 0 && m.Data.Channels == 1 && side * side == m.FeatureSize && side >= 4;
    }

    public static float[] Reconstruct(Models.Autoencoder<float> net, float[] x, int rows, int width)
    {
        var output = Tensor<float>.Zeros(0, 0);
        net.Reconstruct(Tensor<float>.FromArray(rows, width, x.AsSpan(0, rows * width)), output);
        return output.Span.ToArray();
    }

    /// <summary>Up to <paramref name="normal"/> normal samples, then the first sample of each anomaly label (up to <paramref name="anomalies"/>).</summary>
    private static int[] Picks(Dataset test, Func<int, bool>? isAnomaly, int normal, int anomalies)
    {
        if (isAnomaly is null || test.Labels is null) return Enumerable.Range(0, Math.Min(normal + anomalies, test.Count)).ToArray();
        var labels = test.Labels;
        var picks = Enumerable.Range(0, test.Count).Where(i => !isAnomaly(labels[i])).Take(normal).ToList();
        foreach (int label in labels.Where(isAnomaly).Distinct().Order().Take(anomalies))
            picks.Add(Array.IndexOf(labels, label));
        return picks.ToArray();
    }

    private static string Name(Dataset test, Func<int, bool>? isAnomaly, int i) =>
        test.Labels is null ? "sample " + i : (isAnomaly is not null && !isAnomaly(test.Labels[i]) ? "normal" : ReportStyle.LabelName(test, test.Labels[i])) + $" (#{i})";

    public static string Draw(ModelDescription model, Models.Autoencoder<float> net, Dataset test, float[] x, Func<int, bool>? isAnomaly, string path)
    {
        int width = model.FeatureSize;
        bool image = IsImage(model, out int side);
        var picks = image ? Picks(test, isAnomaly, 4, 4) : model.Data.Window > 0 ? Picks(test, isAnomaly, 1, 1) : Picks(test, isAnomaly, 1, 3);
        var chosen = picks.SelectMany(i => x.AsSpan(i * width, width).ToArray()).ToArray();
        var recon = Reconstruct(net, chosen, picks.Length, width);
        var plot = new Plot();
        string caption;
        if (image)
        {
            Reports.ReportBuilder.Tiles(plot, [chosen, recon], picks.Length, side);
            plot.Title("top: inputs; bottom: reconstructions");
            caption = $"{picks.Length} test images ({string.Join(", ", picks.Select(i => Name(test, isAnomaly, i)))}) and their reconstructions.";
        }
        // Features of branches that differ per channel are no window: drawn as a table's columns.
        else if (model.Data.Window > 0 && model.FrontEnd is not { Branched: true }) caption = Window(plot, model, test, isAnomaly, picks, chosen, recon);
        else caption = Table(plot, model, test, isAnomaly, picks, chosen, recon);
        ReportStyle.Save(plot, path, image ? ReportStyle.Width : 1100, image ? ReportStyle.Height : 600);
        return caption + (model.Kind == ModelKind.Variational ? " The VAE decodes μ." : "");
    }

    /// <summary>Each channel in its own band with its name; input solid, reconstruction dashed; the normal window left, the anomalous right.</summary>
    private static string Window(Plot plot, ModelDescription model, Dataset test, Func<int, bool>? isAnomaly, int[] picks, float[] chosen, float[] recon)
    {
        int width = model.FeatureSize, channels = model.Data.Channels, steps = width / channels;
        double band = 0;
        for (int k = 0; k < picks.Length; k++)
            for (int j = 0; j < width; j++) band = Math.Max(band, Math.Max(Math.Abs(chosen[k * width + j]), Math.Abs(recon[k * width + j])));
        band = 2.2 * Math.Max(band, 1e-6);
        double gap = steps * 0.08;
        for (int k = 0; k < picks.Length; k++)
        {
            double x0 = k * (steps + gap);
            double[] t = Enumerable.Range(0, steps).Select(s => x0 + s).ToArray();
            for (int c = 0; c < channels; c++)
            {
                double offset = -band * c;
                var input = plot.Add.Scatter(t, Enumerable.Range(0, steps).Select(s => chosen[k * width + s * channels + c] + offset).ToArray());
                input.MarkerSize = 0;
                input.Color = Colors.Black;
                var rec = plot.Add.Scatter(t, Enumerable.Range(0, steps).Select(s => recon[k * width + s * channels + c] + offset).ToArray());
                rec.MarkerSize = 0;
                rec.Color = Colors.Red;
                rec.LinePattern = LinePattern.Dashed;
                if (c == 0 && k == 0) { input.LegendText = "input"; rec.LegendText = "reconstruction"; }
            }
            var title = plot.Add.Text(Name(test, isAnomaly, picks[k]), x0, band * 0.55);
            title.LabelFontSize = 13;
            title.LabelBold = true;
        }
        // Channel names on the left axis, one tick per band.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, channels).Select(c => -band * c).ToArray(), Enumerable.Range(0, channels).Select(c => ReportStyle.ChannelName(model, c)).ToArray());
        // Each window's own time steps under it.
        var ticks = Enumerable.Range(0, picks.Length).SelectMany(k => Enumerable.Range(0, 5).Select(q => Math.Min(steps - 1, q * steps / 4)).Distinct().Select(s => (At: k * (steps + gap) + s, Label: s.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.Select(t => t.At).ToArray(), ticks.Select(t => t.Label).ToArray());
        ReportStyle.LegendOutside(plot);
        plot.XLabel("time step within each window" + (model.Data.SampleRate > 0 ? $" ({model.Data.SampleRate:G4} samples/s)" : ""));
        plot.YLabel("channel (bands of " + ReportStyle.ShortUnits(model) + ")");
        plot.Title("windows and their reconstructions");
        return $"A normal window and an anomalous one, each channel in its own band ({ReportStyle.NormalizedUnits(model)}): input solid, reconstruction dashed.";
    }

    /// <summary>A table row: its columns along the axis, input as dots, reconstruction as crosses, one colour per sample.</summary>
    private static string Table(Plot plot, ModelDescription model, Dataset test, Func<int, bool>? isAnomaly, int[] picks, float[] chosen, float[] recon)
    {
        int width = model.FeatureSize;
        double spread = 0.6 / Math.Max(1, picks.Length);
        for (int k = 0; k < picks.Length; k++)
        {
            var color = ReportStyle.ClassColor(k, picks.Length);
            double[] at = Enumerable.Range(0, width).Select(j => j + (k - (picks.Length - 1) / 2.0) * spread).ToArray();
            var input = plot.Add.Markers(at, Enumerable.Range(0, width).Select(j => (double)chosen[k * width + j]).ToArray(), MarkerShape.FilledCircle, 8, color);
            input.LegendText = Name(test, isAnomaly, picks[k]) + ": input";
            var rec = plot.Add.Markers(at, Enumerable.Range(0, width).Select(j => (double)recon[k * width + j]).ToArray(), MarkerShape.Cross, 10, color);
            rec.LegendText = Name(test, isAnomaly, picks[k]) + ": reconstruction";
            for (int j = 0; j < width; j++)
            {
                var link = plot.Add.Line(at[j], chosen[k * width + j], at[j], recon[k * width + j]);
                link.Color = color.WithAlpha(0.5);
            }
        }
        ReportStyle.LegendOutside(plot);
        plot.YLabel(ReportStyle.NormalizedUnits(model));
        if (model.FrontEnd is { Branched: true } frontEnd)
        {
            // Features of branches per channel: one tick where each branch begins, named by its channels.
            var names = model.Data.ChannelNames;
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(frontEnd.Branches.Select(b => (double)b.Offset).ToArray(),
                frontEnd.Branches.Select(b => string.Join("+", b.Channels.Select(c => c < names.Count ? names[c] : "ch" + c)) + (b.IsRaw ? " (raw)" : "")).ToArray());
            plot.XLabel("feature (each branch of the front-end from its tick)");
            plot.Title("features and their reconstructions");
            return $"{picks.Length} test windows (a normal one and one of each anomaly label) as the front-end's features, each feature's input (dot) and reconstruction (cross) joined by a line: the longer the line, the larger that feature's error.";
        }
        // Column names fit under the axis up to a few dozen columns; beyond that the axis counts them.
        if (width <= 40)
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, width).Select(j => (double)j).ToArray(), Enumerable.Range(0, width).Select(j => ReportStyle.ChannelName(model, j)).ToArray());
        plot.XLabel("column");
        plot.Title("table rows and their reconstructions");
        return $"{picks.Length} test rows (a normal one and one of each anomaly label), each column's input (dot) and reconstruction (cross) joined by a line: the longer the line, the larger that column's error.";
    }
}
