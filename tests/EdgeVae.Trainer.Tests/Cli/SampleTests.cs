namespace EdgeVae.Trainer.Tests.Cli;

/// <summary><c>edgevae sample</c> writes only the file it is told to: without -o the samples go to standard output.</summary>
[Collection("console")]
public class SampleTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Without_an_output_file_samples_go_to_standard_output_and_no_file_is_written()
    {
        string model = TestData.TempPath("vae.evae");
        Assert.Equal(0, Run("train", "--data", "builtin:motor", "--train-limit", "256", "--kind", "vae", "--hidden", "16", "--latent", "4", "--epochs", "1", "-o", model).Code);
        string stray = Path.Combine(Environment.CurrentDirectory, "samples.csv");
        if (File.Exists(stray)) File.Delete(stray);
        var r = Run("sample", model, "-n", "5");
        Assert.True(r.Code == 0, r.Err);
        var rows = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(rows.Length >= 5, r.Out);
        Assert.Equal(256, rows[^1].Split(',').Length);
        Assert.False(File.Exists(stray));
        string named = Path.Combine(Path.GetDirectoryName(model)!, "s.csv");
        Assert.Equal(0, Run("sample", model, "-n", "3", "-o", named).Code);
        Assert.True(File.Exists(named));
    }

    /// <summary>A default output name (recording.csv, model.evae, report/) never replaces what is already there.</summary>
    [Fact]
    public void A_default_output_that_exists_is_refused_and_left_as_it_was()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "recording.csv"), "mine");
        File.WriteAllText(Path.Combine(dir, "model.evae"), "mine too");
        var rec = CliRunner.RunIn(dir, "data", "recording", "--seconds", "60");
        Assert.NotEqual(0, rec.Code);
        Assert.Contains("recording.csv already exists and is only the default of --out", rec.Err);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "recording.csv")));
        var train = CliRunner.RunIn(dir, "train", "--data", "builtin:motor", "--train-limit", "64", "--hidden", "4", "--latent", "2", "--epochs", "1");
        Assert.NotEqual(0, train.Code);
        Assert.Contains("model.evae already exists", train.Err);
        Assert.Equal("mine too", File.ReadAllText(Path.Combine(dir, "model.evae")));
        // A mistake in the arguments is still what is reported first.
        var wrong = CliRunner.RunIn(dir, "train", "--data", "builtin:motor", "--kind", "ae", "--noise", "gaussian:0.1");
        Assert.Contains("--noise applies to --kind denoising", wrong.Err);
        Assert.Equal(0, CliRunner.RunIn(dir, "data", "recording", "--seconds", "60", "-o", "recording.csv").Code); // named: replaced
        Assert.NotEqual("mine", File.ReadAllText(Path.Combine(dir, "recording.csv")));
    }
}
