using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.Tests.Cli;

/// <summary><c>builtin:motor</c>'s operating ranges and <c>edgevae adapt</c>, the learner's simulation on deployment data.</summary>
[Collection("console")]
public class AdaptTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void The_default_range_written_out_gives_the_same_data_and_other_ranges_other_data()
    {
        var plain = DataSources.Load("builtin:motor", new DataOptions());
        var same = DataSources.Load("builtin:motor?rpm=1200-1800&load=0.3-1.0", new DataOptions());
        Assert.Equal(plain.Train.Features, same.Train.Features);
        Assert.Equal(plain.Test.Labels, same.Test.Labels);
        var heavy = DataSources.Load("builtin:motor?load=1.2-1.5", new DataOptions());
        Assert.Equal(plain.Train.Count, heavy.Train.Count);
        // The phase current's amplitude grows with load (2 + 6·load A): its RMS over the training set says so.
        static double CurrentRms(Dataset d) => Math.Sqrt(Enumerable.Range(0, d.Features.Length / 4).Average(i => (double)d.Features[4 * i + 3] * d.Features[4 * i + 3]));
        Assert.InRange(CurrentRms(heavy.Train) / CurrentRms(plain.Train), 1.5, 2.2);
        Assert.Contains("load 1.2–1.5", heavy.Description);
    }

    [Theory]
    [InlineData("builtin:motor?speed=100", "unknown setting \"speed\"")]
    [InlineData("builtin:motor?rpm=fast", "is not a range")]
    [InlineData("builtin:motor?rpm=1800-1200", "MIN ≤ MAX")]
    [InlineData("builtin:motor?rpm=100-9000", "within 300–4200")]
    [InlineData("builtin:motor?load=-1-0.5", "must lie within 0–1.5")]
    public void A_bad_range_is_refused_with_what_to_write(string spec, string message)
    {
        var e = Assert.Throws<DataException>(() => DataSources.Load(spec, new DataOptions()));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Adapt_reports_both_baselines_and_writes_the_learned_state()
    {
        string model = TestData.TempPath("adapt.evae"), state = TestData.TempPath("adapt.state");
        Assert.Equal(0, Run("train", "--data", "builtin:motor", "--train-limit", "512", "--hidden", "16", "--latent", "4", "--epochs", "2", "--seed", "2", "-o", model).Code);
        var adapt = Run("adapt", model, "--data", "builtin:motor?load=1.2-1.5", "--normal-windows", "128", "--threshold-windows", "128", "--state", state);
        Assert.True(adapt.Code == 0, adapt.Err);
        Assert.Contains("trained baseline", adapt.Out);
        Assert.Contains("false-positive rate", adapt.Out);
        Assert.Contains("recall Bearing", adapt.Out);
        Assert.Contains("learned from 256 normal windows", adapt.Out);
        Assert.Equal(68 + 28 * 4, new FileInfo(state).Length);

        var wrong = Run("adapt", model, "--precision", "float32");
        Assert.NotEqual(0, wrong.Code);
        Assert.Contains("int8 or int16", wrong.Err);
        var tooFew = Run("adapt", model, "--normal-windows", "100000", "--threshold-windows", "10");
        Assert.NotEqual(0, tooFew.Code);
        Assert.Contains("normal windows", tooFew.Err);
    }
}
