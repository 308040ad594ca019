using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;
using ScottPlot;

namespace EdgeVae.Trainer.Reports.Plots;

/// <summary>
/// Where the error is: each channel's (a table's: each column's) mean squared residual for normal samples and for each kind
/// of anomaly, standardised as the score is when the threshold is on the standardised score; for images, the mean error
/// per pixel of normal and of anomalous images.
/// </summary>
internal static class ChannelErrorPlot
{
    /// <summary>Squared (standardised) residual of every value, row after row.</summary>
    private static float[] SquaredErrors(ModelDescription model, Dataset test, ResidualStandardization? z)
    {
        var r = Evaluation.ResidualStandardizer.Residuals(model, test, "float32");
        int n = model.FeatureSize;
        for (long k = 0; k < r.Length; k++)
        {
            int i = (int)(k % n);
            float d = z is null ? r[k] : (r[k] - z.Mean[i]) * z.Weight[i];
            r[k] = d * d;
        }
        return r;
    }

    public static string Draw(ModelDescription model, Dataset test, Func<int, bool> isAnomaly, ResidualStandardization? z, bool image, int side, string path)
    {
        var e = SquaredErrors(model, test, z);
        int n = model.FeatureSize, channels = image ? 1 : model.Data.Channels;
        string what = z is null ? "squared residual" : "squared standardised residual";
        var plot = new Plot();
        if (image)
        {
            var groups = new[] { false, true };
            var maps = groups.Select(anomalous =>
            {
                var rows = Enumerable.Range(0, test.Count).Where(i => isAnomaly(test.Labels![i]) == anomalous).ToArray();
                var mean = new float[n];
                foreach (int i in rows) for (int j = 0; j < n; j++) mean[j] += e[(long)i * n + j] / rows.Length;
                return mean;
            }).ToArray();
            float max = Math.Max(1e-12f, maps.SelectMany(m => m).Max());
            var grid = new double[side, 2 * side + 1];
            for (int g = 0; g < 2; g++)
                for (int py = 0; py < side; py++)
                    for (int px = 0; px < side; px++) grid[py, g * (side + 1) + px] = maps[g][py * side + px] / max;
            var heat = plot.Add.Heatmap(grid);
            heat.Colormap = new ScottPlot.Colormaps.Turbo();
            plot.Add.ColorBar(heat).Label = $"mean {what} / its largest value";
            plot.Axes.Frameless();
            plot.HideGrid();
            plot.Title("mean error per pixel: normal images (left), anomalous images (right)");
            ReportStyle.Save(plot, path);
            return $"Mean {what} per pixel over normal and over anomalous test images, on one colour scale (largest = 1).";
        }
        var labels = new[] { -1 }.Concat(test.Labels!.Where(isAnomaly).Distinct().Order().Take(9)).ToArray();
        double width = 0.8 / labels.Length;
        for (int g = 0; g < labels.Length; g++)
        {
            int label = labels[g];
            var rows = Enumerable.Range(0, test.Count).Where(i => label < 0 ? !isAnomaly(test.Labels![i]) : test.Labels![i] == label).ToArray();
            if (rows.Length == 0) continue;
            // Each feature's channel: j mod channels in a window, the front-end's table when its branches differ per channel.
            var channelOf = model.FeatureChannels();
            var perChannel = new double[channels];
            var valuesPerChannel = new int[channels];
            foreach (int c in channelOf) valuesPerChannel[c]++;
            foreach (int i in rows)
                for (int j = 0; j < n; j++) perChannel[channelOf[j]] += e[(long)i * n + j];
            var bars = plot.Add.Bars(Enumerable.Range(0, channels).Select(c => c + (g - (labels.Length - 1) / 2.0) * width).ToArray(),
                perChannel.Select((v, c) => v / rows.Length / Math.Max(1, valuesPerChannel[c])).ToArray());
            bars.Color = label < 0 ? Colors.Gray : ReportStyle.ClassColor(g - 1, labels.Length - 1);
            foreach (var bar in bars.Bars) { bar.Size = width * 0.95; bar.LineWidth = 0; }
            bars.LegendText = (label < 0 ? "normal" : ReportStyle.LabelName(test, label)) + $" ({rows.Length})";
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, channels).Select(c => (double)c).ToArray(), Enumerable.Range(0, channels).Select(c => ReportStyle.ChannelName(model, c)).ToArray());
        plot.Axes.Margins(bottom: 0);
        ReportStyle.LegendOutside(plot);
        bool table = model.Data.Window == 0;
        plot.XLabel(table ? "column" : "channel");
        plot.YLabel($"mean {what}");
        plot.Title($"error per {(table ? "column" : "channel")}: normal samples and each kind of anomaly");
        ReportStyle.Save(plot, path);
        return $"Mean {what} per {(table ? "column" : "channel")} for normal test samples and for each anomaly label: which {(table ? "columns" : "channels")} each kind of anomaly shows up in.";
    }
}
