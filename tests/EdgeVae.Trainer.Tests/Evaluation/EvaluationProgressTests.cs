using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Tests.Cli;

namespace EdgeVae.Trainer.Tests.Evaluation;

/// <summary>The evaluation progress line: what it says, when it stays quiet, and that only the command that began it hears.</summary>
[Collection("console")]
public class EvaluationProgressTests
{
    /// <summary>A small calibrated motor model, trained once through the CLI.</summary>
    private static readonly Lazy<Compiler.Model.ModelDescription> Motor = new(() =>
    {
        string path = TestData.TempPath("progress.evae");
        var r = CliRunner.Run("train", "--data", "builtin:motor", "--train-limit", "256", "--hidden", "8", "--latent", "2", "--epochs", "1", "-o", path);
        Assert.True(r.Code == 0, r.Err);
        return ModelImporter.Load(path);
    });

    private static Dataset Windows(int count)
    {
        var splits = DataSources.Load("builtin:motor", new DataOptions { TrainLimit = 64 });
        return splits.Test.Subset(Enumerable.Range(0, count).ToArray());
    }

    [Fact]
    public void A_long_evaluation_reports_its_stage_and_count_and_a_quick_one_prints_nothing()
    {
        var model = Motor.Value;
        var data = Windows(300);
        var redirected = new StringWriter();
        using (EvaluationProgress.Begin("eval", redirected, interactive: false, delay: TimeSpan.Zero, interval: TimeSpan.Zero))
            PrecisionScores.Compute(model, data, "int8");
        var lines = redirected.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("eval: scoring (int8) 64/300 (21 %", lines[0]);
        Assert.Contains("eval: scoring (int8) 300/300 (100 %", lines[^1]);
        Assert.Equal(5, lines.Length); // 64, 128, 192, 256 and the last

        var terminal = new StringWriter();
        using (EvaluationProgress.Begin("score", terminal, interactive: true, delay: TimeSpan.Zero, interval: TimeSpan.FromHours(1)))
            PrecisionScores.Compute(model, data, "int8");
        // In place: the first and the final state (the interval holds back the rest), then one newline at the end.
        Assert.Equal(2, terminal.ToString().Count(c => c == '\r'));
        Assert.EndsWith(Environment.NewLine, terminal.ToString());

        var quick = new StringWriter();
        using (EvaluationProgress.Begin("eval", quick, interactive: false, delay: TimeSpan.FromHours(1), interval: TimeSpan.Zero))
            PrecisionScores.Compute(model, data, "int8");
        Assert.Equal("", quick.ToString());
    }

    [Fact]
    public void Without_a_command_nothing_is_reported()
    {
        var model = Motor.Value;
        var before = Console.Error;
        var err = new StringWriter();
        Console.SetError(err);
        try
        {
            // A progress that has ended is no longer reported to.
            using (EvaluationProgress.Begin("eval", err, interactive: false, delay: TimeSpan.Zero, interval: TimeSpan.Zero)) { }
            PrecisionScores.Compute(model, Windows(100), "int8");
            EvaluationProgress.Report("stage", 1, 2);
        }
        finally
        {
            Console.SetError(before);
        }
        Assert.Equal("", err.ToString());
    }
}
