namespace EdgeVae.Trainer.Evaluation;

/// <summary>Detection and reconstruction metrics.</summary>
public static class Metrics
{
    /// <summary>
    /// Area under the ROC curve: the probability that a random anomaly scores above a random normal sample,
    /// ties counting ½ (the Mann–Whitney U statistic, exact). NaN when either class is empty.
    /// </summary>
    public static double Auroc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        int n = scores.Length;
        var order = Enumerable.Range(0, n).ToArray();
        var s = scores.ToArray();
        Array.Sort(order, (a, b) => s[a].CompareTo(s[b]));
        double rankSumPositive = 0;
        long positives = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && s[order[j + 1]] == s[order[i]]) j++;
            double averageRank = (i + j) / 2.0 + 1; // 1-based ranks, ties averaged
            for (int k = i; k <= j; k++)
                if (anomalous[order[k]]) { rankSumPositive += averageRank; positives++; }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Area under the precision–recall curve as average precision (scikit-learn's definition).</summary>
    public static double Auprc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous)
    {
        int n = scores.Length;
        var s = scores.ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => s[b].CompareTo(s[a]));
        long positives = 0;
        foreach (bool a in anomalous) if (a) positives++;
        if (positives == 0) return double.NaN;
        double ap = 0, previousRecall = 0;
        long tp = 0, fp = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && s[order[j + 1]] == s[order[i]]) j++;
            for (int k = i; k <= j; k++) if (anomalous[order[k]]) tp++; else fp++;
            double recall = (double)tp / positives, precision = (double)tp / (tp + fp);
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
            i = j + 1;
        }
        return ap;
    }

    /// <summary>Precision and recall of "score &gt; threshold" as the anomaly decision.</summary>
    public static (double Precision, double Recall, double FalsePositiveRate) AtThreshold(ReadOnlySpan<double> scores, ReadOnlySpan<bool> anomalous, double threshold)
    {
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool flagged = scores[i] > threshold;
            if (flagged && anomalous[i]) tp++;
            else if (flagged) fp++;
            else if (anomalous[i]) fn++;
            else tn++;
        }
        return (tp + fp == 0 ? double.NaN : (double)tp / (tp + fp), tp + fn == 0 ? double.NaN : (double)tp / (tp + fn), fp + tn == 0 ? double.NaN : (double)fp / (fp + tn));
    }

    /// <summary>Peak signal-to-noise ratio in dB: 10·log10(peak² / MSE).</summary>
    public static double Psnr(double mse, double peak) => 10 * Math.Log10(peak * peak / mse);

    /// <summary>
    /// One score per group (a recording's windows): the mean of its members' scores, and whether any member is anomalous
    /// (a clip's windows share its label). Groups in order of their first member.
    /// </summary>
    public static (double[] Scores, bool[] Anomalous) PerGroup(IReadOnlyList<double> scores, IReadOnlyList<bool> anomalous, IReadOnlyList<int> groups)
    {
        var order = new List<int>();
        var sum = new Dictionary<int, (double Sum, int Count, bool Anomalous)>();
        for (int i = 0; i < scores.Count; i++)
        {
            if (!sum.TryGetValue(groups[i], out var g)) order.Add(groups[i]);
            sum[groups[i]] = (g.Sum + scores[i], g.Count + 1, g.Anomalous || anomalous[i]);
        }
        return (order.Select(k => sum[k].Sum / sum[k].Count).ToArray(), order.Select(k => sum[k].Anomalous).ToArray());
    }

    /// <summary>A sample reconstructed exactly has an infinite PSNR; the mean counts it as this many dB.</summary>
    public const double PerfectPsnr = 100;

    /// <summary>The mean of each sample's PSNR (dB), each at most <see cref="PerfectPsnr"/>.</summary>
    public static double MeanPsnr(IEnumerable<double> mse, double peak) => mse.Select(e => Math.Min(PerfectPsnr, Psnr(e, peak))).DefaultIfEmpty(double.NaN).Average();
}
