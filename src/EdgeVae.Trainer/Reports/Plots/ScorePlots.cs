using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;
using ScottPlot;

namespace EdgeVae.Trainer.Reports.Plots;

/// <summary>
/// The pictures of a score against the truth: its histogram with the threshold, the ROC and precision-recall curves with
/// the threshold's operating point, and, for a time series, the score over time with the threshold, the true anomalies and
/// the events the threshold raises.
/// </summary>
internal static class ScorePlots
{
    /// <summary>What the score axis says: the score's name and units.</summary>
    public static string ScoreName(string score) => score switch
    {
        "standardized" => "standardised residual score (a diagonal Mahalanobis distance per feature)",
        "neg_elbo" => "−ELBO (nats)",
        _ => "mean squared error (normalised units)",
    };

    public static string Histogram(double[] scores, bool[] truth, Threshold? threshold, string score, string path)
    {
        var logs = scores.Select(s => Math.Log10(Math.Max(s, 1e-12))).ToArray();
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
                if (truth[i] != anomalous) continue;
                counts[Math.Min(bins - 1, (int)((logs[i] - lo) / step))]++;
                total++;
            }
            if (total == 0) continue;
            var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * step).ToArray(), counts.Select(c => c / total).ToArray());
            bars.Color = color.WithAlpha(0.5);
            foreach (var bar in bars.Bars) { bar.Size = step; bar.LineWidth = 0; }
            bars.LegendText = $"{name} ({total})";
        }
        string caption = $"Scores (log10 of the {ScoreName(score)}) of normal and anomalous test samples, each as a fraction of its own count.";
        if (threshold is not null)
        {
            var line = plot.Add.VerticalLine(Math.Log10(threshold.Value));
            line.Color = Colors.Black;
            line.LegendText = $"threshold {threshold.Value:G4} ({threshold.Method}:{threshold.Parameter})";
            caption += $" The vertical line is the float32 threshold {threshold.Value:G5}.";
        }
        ReportStyle.LegendOutside(plot);
        plot.XLabel("log10 score");
        plot.YLabel("fraction of samples");
        plot.Title("anomaly scores");
        ReportStyle.Save(plot, path);
        return caption;
    }

    /// <summary>False-positive and true-positive rates, recall and precision, at every distinct score taken as the threshold (score &gt; it is anomalous).</summary>
    public static (double[] Fpr, double[] Tpr, double[] Precision) Curves(double[] scores, bool[] truth)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        int positives = truth.Count(t => t), negatives = truth.Length - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        var precision = new List<double> { 1 };
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (truth[order[k]]) tp++; else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue; // ties move together
            fpr.Add(negatives == 0 ? 0 : fp / (double)negatives);
            tpr.Add(positives == 0 ? 0 : tp / (double)positives);
            precision.Add(tp / (double)(tp + fp));
        }
        return (fpr.ToArray(), tpr.ToArray(), precision.ToArray());
    }

    public static string Roc(double[] scores, bool[] truth, Threshold? threshold, double auroc, string path)
    {
        var (fpr, tpr, _) = Curves(scores, truth);
        var plot = new Plot();
        Curve(plot, fpr, tpr, $"ROC (AUROC {auroc:F4})");
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = Colors.Gray;
        chance.LegendText = "chance";
        string caption = $"ROC curve of the test scores: AUROC {auroc:F4}.";
        if (threshold is not null)
        {
            var (p, r, f) = Evaluation.Metrics.AtThreshold(scores, truth, threshold.Value);
            var point = plot.Add.Marker(f, r, MarkerShape.FilledCircle, 10, Colors.Red);
            point.LegendText = $"threshold: FPR {f:P1}, recall {r:P1}";
            caption += $" The red point is the calibrated threshold: false-positive rate {f:P1}, recall {r:P1}.";
        }
        Finish(plot, "false-positive rate", "true-positive rate (recall)", "ROC", path);
        return caption;
    }

    public static string PrecisionRecall(double[] scores, bool[] truth, Threshold? threshold, double auprc, string path)
    {
        var (_, recall, precision) = Curves(scores, truth);
        var plot = new Plot();
        Curve(plot, recall, precision, $"precision-recall (AUPRC {auprc:F4})");
        double prevalence = truth.Count(t => t) / (double)truth.Length;
        var baseline = plot.Add.HorizontalLine(prevalence);
        baseline.LinePattern = LinePattern.Dashed;
        baseline.Color = Colors.Gray;
        baseline.LegendText = $"chance ({prevalence:P0} anomalous)";
        string caption = $"Precision against recall over every threshold: AUPRC {auprc:F4}.";
        if (threshold is not null)
        {
            var (p, r, _) = Evaluation.Metrics.AtThreshold(scores, truth, threshold.Value);
            var point = plot.Add.Marker(r, p, MarkerShape.FilledCircle, 10, Colors.Red);
            point.LegendText = $"threshold: recall {r:P1}, precision {p:P1}";
            caption += $" At the calibrated threshold: recall {r:P1}, precision {p:P1}.";
        }
        Finish(plot, "recall", "precision", "precision-recall", path);
        return caption;
    }

    private static void Curve(Plot plot, double[] x, double[] y, string legend)
    {
        var curve = plot.Add.Scatter(x, y);
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.LegendText = legend;
    }

    /// <summary>Both axes of a rate curve from 0 to 1, the legend outside, the labels, and the file.</summary>
    private static void Finish(Plot plot, string x, string y, string title, string path)
    {
        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        ReportStyle.LegendOutside(plot);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Title(title);
        ReportStyle.Save(plot, path);
    }

    /// <summary>
    /// The score of consecutive windows over time (seconds when the sample rate and hop are known), the true anomalies as
    /// shaded spans, the threshold, and a marker where each event starts (a run of windows above the threshold).
    /// </summary>
    public static string OverTime(ModelDescription model, Dataset test, double[] scores, bool[] truth, Threshold? threshold, string score, string path)
    {
        int n = scores.Length;
        bool seconds = model.Data.SampleRate > 0 && model.Data.Hop > 0;
        double dt = seconds ? model.Data.Hop / model.Data.SampleRate : 1;
        double[] t = Enumerable.Range(0, n).Select(i => i * dt).ToArray();
        var logs = scores.Select(s => Math.Log10(Math.Max(s, 1e-12))).ToArray();
        var plot = new Plot();
        bool shaded = false;
        for (int i = 0; i < n;)
        {
            if (!truth[i]) { i++; continue; }
            int j = i;
            while (j < n && truth[j] && test.Labels![j] == test.Labels[i]) j++;
            var span = plot.Add.HorizontalSpan(t[i] - dt / 2, t[j - 1] + dt / 2, Colors.Orange.WithAlpha(0.25));
            span.LineWidth = 0;
            if (!shaded) { span.LegendText = "anomalous windows (truth)"; shaded = true; }
            i = j;
        }
        var line = plot.Add.Scatter(t, logs);
        line.MarkerSize = 0;
        line.Color = Colors.Blue;
        line.LegendText = "score";
        string caption = $"The score (log10 of the {ScoreName(score)}) of {n} consecutive test windows; shaded: windows whose truth is an anomaly.";
        if (threshold is not null)
        {
            double level = Math.Log10(threshold.Value);
            var h = plot.Add.HorizontalLine(level);
            h.Color = Colors.Black;
            h.LegendText = $"threshold {threshold.Value:G4}";
            var starts = Enumerable.Range(0, n).Where(i => scores[i] > threshold.Value && (i == 0 || !(scores[i - 1] > threshold.Value))).ToArray();
            if (starts.Length > 0)
            {
                var events = plot.Add.Markers(starts.Select(i => t[i]).ToArray(), starts.Select(i => logs[i]).ToArray(), MarkerShape.FilledTriangleDown, 8, Colors.Red);
                events.LegendText = $"event starts ({starts.Length})";
            }
            caption += $" Triangles mark where the score rises above the float32 threshold ({starts.Length} events).";
        }
        ReportStyle.LegendOutside(plot);
        plot.XLabel(seconds ? "time (s, window start)" : "window");
        plot.YLabel("log10 score");
        plot.Title("score over time");
        ReportStyle.Save(plot, path, 1200, ReportStyle.Height);
        return caption;
    }
}
