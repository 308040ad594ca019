using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeVae.Trainer.Tests.Cli;

/// <summary>
/// A user's table and a user's time series through train → info → calibrate (standardised score) → eval → score →
/// report → emit: each command's numbers agree with the others', and the report draws what fits the data.
/// </summary>
[Collection("console")]
public class UserDataReportTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private static void AssertPng(string dir, string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(dir, name));
        Assert.True(bytes.Length > 5000, $"{name} is only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public void A_table_calibrated_on_the_standardized_score_goes_through_every_command_and_its_report_draws_columns()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        string train = UserDataTests.Table(Path.Combine(dir, "train.csv"), 1, ("normal", 1500), ("leak", 40), ("clog", 40));
        string test = UserDataTests.Table(Path.Combine(dir, "test.csv"), 2, ("normal", 300), ("leak", 60), ("clog", 60));
        string model = Path.Combine(dir, "m.evae");
        Assert.Equal(0, Run("train", "--data", "csv:" + train, "--label-column", "status", "--ignore-columns", "id", "--hidden", "16", "--latent", "3", "--epochs", "15", "--seed", "3", "-o", model).Code);
        Assert.Contains("6 features", Run("info", model).Out);

        var c = Run("calibrate", model, "--score", "standardized", "--method", "percentile:99");
        Assert.True(c.Code == 0, c.Err);
        Assert.Contains("float32 threshold", c.Out);
        Assert.Contains("on standardized", c.Out);
        var t = JsonNode.Parse(File.ReadAllText(model))!["thresholds"]!.AsArray().Single(n => n!["precision"]!.GetValue<string>() == "float32")!;
        Assert.Equal("standardized", t["score"]!.GetValue<string>());
        Assert.NotNull(t["standardization"]!["weight"]);
        // Its normal validation scores average about one: each standardised squared residual does.
        Assert.InRange(t["mean"]!.GetValue<double>(), 0.9, 1.05);
        Assert.Equal(0, Run("calibrate", model, "--score", "standardized", "--precision", "int8").Code);

        var eval = JsonNode.Parse(Run("eval", model, "--data", "csv:" + test, "--json").Out)!;
        Assert.Equal("standardized", eval["score"]!.GetValue<string>());
        double auroc = eval["auroc_standardized"]!.GetValue<double>(), recall = eval["recall"]!.GetValue<double>();
        Assert.True(auroc > 0.9, eval.ToJsonString());
        Assert.Equal(t["value"]!.GetValue<double>(), eval["threshold"]!.GetValue<double>());

        // score flags what eval counts: the same scores against the same threshold.
        string scores = Path.Combine(dir, "scores.csv");
        Assert.Equal(0, Run("score", model, "--data", "csv:" + test, "--split", "all", "-o", scores).Code);
        var rows = File.ReadAllLines(scores).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(420, rows.Length);
        var anomalies = rows.Where(r => r[1] != "0").ToArray();
        Assert.Equal(recall, anomalies.Count(r => r[3] == "1") / (double)anomalies.Length, 10);

        string report = Path.Combine(dir, "report");
        var r = Run("report", model, "--data", "csv:" + test, "-o", report);
        Assert.True(r.Code == 0, r.Err);
        string page = File.ReadAllText(Path.Combine(report, "report.md"));
        foreach (var png in new[] { "loss.png", "reconstructions.png", "latent.png", "scores.png", "roc.png", "pr.png", "errors.png" })
        {
            Assert.Contains($"({png})", page);
            AssertPng(report, png);
        }
        // A table has no time axis: no score over time, and its error is per column.
        Assert.False(File.Exists(Path.Combine(report, "timeline.png")));
        Assert.Contains("## Error per column", page);
        Assert.Contains("test rows (a normal one and one of each anomaly label)", page);
        Assert.Contains($"AUROC {auroc.ToString("F4", CultureInfo.InvariantCulture)}", page);
        Assert.Contains($"recall {recall.ToString("P1", CultureInfo.InvariantCulture)}", page);
        Assert.Contains("standardised residual score", page);

        string source = Path.Combine(dir, "m.cs");
        Assert.Equal(0, Run("emit", model, "--precision", "int8", "-o", source).Code);
        string code = File.ReadAllText(source);
        Assert.Contains("ThresholdScore = \"standardized\"", code);
        Assert.Contains("StandardizedError.MeanSquared(", code);
    }

    [Fact]
    public void The_standardized_score_needs_enough_normal_validation_samples_and_says_how_to_get_them()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        string train = UserDataTests.Table(Path.Combine(dir, "small.csv"), 4, ("normal", 60));
        string model = Path.Combine(dir, "small.evae");
        Assert.Equal(0, Run("train", "--data", "csv:" + train, "--label-column", "status", "--ignore-columns", "id", "--hidden", "4", "--latent", "2", "--epochs", "1", "-o", model).Code);
        var before = File.ReadAllBytes(model);
        var c = Run("calibrate", model, "--score", "standardized");
        Assert.Equal(2, c.Code);
        Assert.Contains("needs at least 20", c.Err);
        Assert.Contains("--validation FILE", c.Err);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public void A_time_series_report_draws_the_score_over_time_with_its_events_and_the_error_per_channel()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        var sb = new StringBuilder("timestamp,pressure,flow,fault\n");
        var rng = new Random(6);
        for (int t = 0; t < 6000; t++)
        {
            bool fault = t is >= 5300 and < 5600; // in the test part: the last 15 % in time order
            double p = Math.Sin(t * 0.2) + 0.05 * rng.NextDouble(), f = Math.Cos(t * 0.2) + (fault ? 1.5 * Math.Sin(t * 1.3) : 0);
            sb.Append(CultureInfo.InvariantCulture, $"{t * 0.01:F2},{p:F4},{f:F4},{(fault ? "cavitation" : "ok")}\n");
        }
        string series = Path.Combine(dir, "pump.csv");
        Directory.CreateDirectory(dir);
        File.WriteAllText(series, sb.ToString());
        string model = Path.Combine(dir, "pump.evae");
        var t1 = Run("train", "--data", "csv:" + series, "--label-column", "fault", "--normal-label", "ok", "--window", "32", "--hop", "16",
            "--hidden", "16", "--latent", "4", "--epochs", "10", "-o", model);
        Assert.True(t1.Code == 0, t1.Err);
        var info = Run("info", model);
        Assert.Contains("64 features = 32 steps × 2 channels (pressure, flow), hop 16", info.Out);
        Assert.Contains("label column fault, normal label ok, others cavitation", info.Out);
        Assert.Equal(0, Run("calibrate", model).Code);
        var eval = JsonNode.Parse(Run("eval", model, "--json").Out)!;
        double recall = eval["recall_by_label"]!["cavitation"]!.GetValue<double>();
        var scores = Run("score", model);
        Assert.True(scores.Code == 0, scores.Err);
        var rows = scores.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(eval["n"]!.GetValue<int>(), rows.Length);
        var faulty = rows.Where(r => r[1] == "1").ToArray();
        Assert.Equal(recall, Math.Round(faulty.Count(r => r[3] == "1") / (double)faulty.Length, 4));

        string report = Path.Combine(dir, "report");
        var r = Run("report", model, "-o", report);
        Assert.True(r.Code == 0, r.Err);
        string page = File.ReadAllText(Path.Combine(report, "report.md"));
        AssertPng(report, "timeline.png");
        AssertPng(report, "errors.png");
        Assert.Contains("## Score over time", page);
        Assert.Contains("## Error per channel", page);
        Assert.Matches(@"\((\d+) events\)", page);
        Assert.Contains($"AUROC {eval["auroc"]!.GetValue<double>().ToString("F4", CultureInfo.InvariantCulture)}", page);
        Assert.Equal(0, Run("emit", model, "-o", Path.Combine(dir, "pump.cs")).Code);
    }
}
