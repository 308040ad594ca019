using System.Globalization;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Trainer.Evaluation;

/// <summary>
/// Chooses an anomaly threshold from scores of held-out normal data: <c>percentile:P</c> (the P-th
/// percentile, linear interpolation), <c>sigma:K</c> (mean + K standard deviations) or <c>fpr:R</c> (the
/// smallest threshold whose false-positive rate on these scores is at most R).
/// </summary>
public static class ThresholdCalibrator
{
    public const string Help = "percentile:P (e.g. percentile:99), sigma:K (mean + K·std, e.g. sigma:3) or fpr:RATE (e.g. fpr:0.01)";

    public static Threshold Fit(double[] normalScores, string method, string precision, string score)
    {
        if (normalScores.Length == 0) throw new ArgumentException("Calibration needs held-out normal samples; none were found.");
        if (normalScores.Any(s => !double.IsFinite(s))) throw new ArgumentException("A calibration score is not finite; the model produces NaN/∞ on this data.");
        string[] p = method.Split(':');
        if (p.Length != 2 || !double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double parameter) || !double.IsFinite(parameter))
            throw new ArgumentException($"--method \"{method}\": use {Help}.");
        var sorted = normalScores.Order().ToArray();
        double mean = sorted.Average();
        double std = Math.Sqrt(sorted.Sum(s => (s - mean) * (s - mean)) / Math.Max(1, sorted.Length - 1));
        double value = p[0] switch
        {
            "percentile" when parameter is >= 0 and <= 100 => Percentile(sorted, parameter),
            "sigma" => mean + parameter * std,
            "fpr" when parameter is >= 0 and < 1 => AtFalsePositiveRate(sorted, parameter),
            _ => throw new ArgumentException($"--method \"{method}\": use {Help}."),
        };
        return new Threshold(precision, score, value, p[0], parameter, sorted.Length, mean, std, Percentile(sorted, 50), sorted[^1]);
    }

    public static double Percentile(double[] sorted, double p)
    {
        double pos = p / 100 * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /// <summary>The smallest sample value v such that at most ⌊rate·n⌋ samples exceed v (decision is score &gt; threshold).</summary>
    private static double AtFalsePositiveRate(double[] sorted, double rate)
    {
        int allowed = (int)Math.Floor(rate * sorted.Length);
        return sorted[sorted.Length - 1 - allowed];
    }
}
