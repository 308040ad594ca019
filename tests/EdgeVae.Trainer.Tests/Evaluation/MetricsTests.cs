using EdgeVae.Trainer.Evaluation;

namespace EdgeVae.Trainer.Tests.Evaluation;

public class MetricsTests
{
    [Fact]
    public void Auroc_counts_pairs_and_halves_ties()
    {
        // Anomalies {0.8, 0.4}, normals {0.1, 0.4, 0.35}: pairs won 3 + (1 tie = ½) + 2 = 5.5 of 6.
        double[] s = [0.8, 0.4, 0.1, 0.4, 0.35];
        bool[] y = [true, true, false, false, false];
        Assert.Equal(5.5 / 6, Metrics.Auroc(s, y), 12);
        Assert.Equal(1.0, Metrics.Auroc([3, 2, 1], [true, true, false]));
        Assert.True(double.IsNaN(Metrics.Auroc([1, 2], [false, false])));
    }

    [Fact]
    public void Average_precision_matches_the_hand_computed_value()
    {
        // Ranked: 0.9(+) 0.8(−) 0.7(+) 0.1(−): AP = ½·1 + ½·(2/3).
        Assert.Equal(0.5 + 1.0 / 3, Metrics.Auprc([0.9, 0.8, 0.7, 0.1], [true, false, true, false]), 12);
    }

    [Fact]
    public void Thresholds_by_percentile_sigma_and_false_positive_rate()
    {
        double[] scores = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal(99.01, ThresholdCalibrator.Fit(scores, "percentile:99", "float32", "mse").Value, 9);
        var sigma = ThresholdCalibrator.Fit(scores, "sigma:2", "float32", "mse");
        Assert.Equal(50.5 + 2 * Math.Sqrt(scores.Sum(s => (s - 50.5) * (s - 50.5)) / 99), sigma.Value, 9);
        var fpr = ThresholdCalibrator.Fit(scores, "fpr:0.05", "float32", "mse");
        Assert.Equal(95, fpr.Value);
        Assert.Equal(5, scores.Count(s => s > fpr.Value));
        Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Fit(scores, "median", "float32", "mse"));
        Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Fit([1, double.NaN], "sigma:3", "float32", "mse"));
    }

    [Fact]
    public void Psnr_of_a_known_error()
    {
        Assert.Equal(20, Metrics.Psnr(0.01, 1), 12);
    }
}
