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
}
