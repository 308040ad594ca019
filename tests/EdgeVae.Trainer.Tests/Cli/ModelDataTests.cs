using EdgeVae.Trainer.Cli;

namespace EdgeVae.Trainer.Tests.Cli;

/// <summary>Commands on a model default to the data it was made from: the options a user did not type fall back to the model file.</summary>
[Collection("console")]
public class ModelDataDefaultsTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("float32")]
    [InlineData("int8")]
    public void Eval_of_a_model_trained_with_its_own_window_and_hop_cuts_the_data_as_training_did(string precision)
    {
        string model = TestData.TempPath("w.evae");
        var train = Run("train", "--data", "builtin:motor", "--window", "32", "--hop", "16", "--train-limit", "256", "--hidden", "16", "--latent", "4", "--epochs", "1", "--seed", "2", "-o", model);
        Assert.True(train.Code == 0, train.Err);
        var implicitly = Run("eval", model, "--precision", precision, "--json");
        var explicitly = Run("eval", model, "--precision", precision, "--json", "--window", "32", "--hop", "16");
        Assert.True(implicitly.Code == 0, implicitly.Err);
        Assert.True(explicitly.Code == 0, explicitly.Err);
        var a = System.Text.Json.Nodes.JsonNode.Parse(implicitly.Out)!.AsObject();
        var b = System.Text.Json.Nodes.JsonNode.Parse(explicitly.Out)!.AsObject();
        Assert.Equal(b["n"]!.GetValue<int>(), a["n"]!.GetValue<int>());
        Assert.Equal(b["mse"]!.GetValue<double>(), a["mse"]!.GetValue<double>());
        Assert.Equal(b["auroc"]!.GetValue<double>(), a["auroc"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("eval", "float32")]
    [InlineData("eval", "int8")]
    [InlineData("score", "float32")]
    [InlineData("score", "int8")]
    [InlineData("calibrate", "float32")]
    [InlineData("report", "")]
    [InlineData("quantize-report", "")]
    public void Data_of_another_width_or_with_other_channels_is_refused_with_what_differs(string command, string precision)
    {
        string model = TestData.TempPath("m.evae");
        Assert.Equal(0, Run("train", "--data", "builtin:motor", "--train-limit", "256", "--hidden", "16", "--latent", "4", "--epochs", "1", "--seed", "2", "-o", model).Code);
        byte[] before = File.ReadAllBytes(model);
        var rng = new Random(1);
        string Table(string header, int columns) =>
            header + "\n" + string.Join("\n", Enumerable.Range(0, 2000).Select(_ => string.Join(",", Enumerable.Range(0, columns).Select(_ => (rng.NextDouble() - 0.5).ToString("F4", System.Globalization.CultureInfo.InvariantCulture))))) + "\n";
        string wide = TestData.TempPath("wide.csv"), swapped = TestData.TempPath("swapped.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(wide)!);
        Directory.CreateDirectory(Path.GetDirectoryName(swapped)!);
        File.WriteAllText(wide, Table(string.Join(",", Enumerable.Range(0, 8).Select(i => "c" + i)), 8));
        File.WriteAllText(swapped, Table("accel_x,accel_y,current,accel_z", 4));
        string reportDir = TestData.TempPath("report");
        string[] Args(string data) => command switch
        {
            "report" => ["report", model, "--data", "csv:" + data, "-o", reportDir],
            "quantize-report" => ["quantize-report", model, "--data", "csv:" + data],
            _ => [command, model, "--data", "csv:" + data, "--precision", precision],
        };
        var w = Run(Args(wide));
        Assert.NotEqual(0, w.Code);
        Assert.Contains("its samples have 512 features (64 steps × 8 channels); the model m takes 256 features (64 steps × 4 channels)", w.Err);
        var s = Run(Args(swapped));
        Assert.NotEqual(0, s.Code);
        Assert.Contains("channel 3 is \"current\", the model m was trained with \"accel_z\" there", s.Err);
        Assert.Equal(before, File.ReadAllBytes(model)); // calibrate wrote nothing
        Assert.False(Directory.Exists(reportDir));     // nor report
    }

    [Fact]
    public void Data_a_model_file_names_is_announced_and_a_file_that_is_not_a_table_is_not_echoed()
    {
        string model = TestData.TempPath("m.evae"), secret = TestData.TempPath("secret.txt");
        Assert.Equal(0, Run("train", "--data", "builtin:motor", "--train-limit", "256", "--hidden", "16", "--latent", "4", "--epochs", "1", "--seed", "2", "-o", model).Code);
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        File.WriteAllText(secret, "user:password-hash-0123456789abcdef:1000:1000\nadmin:password-hash-fedcba9876543210:0:0\n");
        // A model file from someone else, pointing its training data at a file of this machine (and sealed).
        File.WriteAllText(model, EdgeVae.Compiler.ModelFormat.ModelChecksum.Seal(File.ReadAllText(model).Replace("\"data\":\"builtin:motor\"", $"\"data\":\"csv:{secret}\"")));
        var eval = Run("eval", model);
        Assert.NotEqual(0, eval.Code);
        Assert.Contains($"data: csv:{secret}, as the model file's training record names it", eval.Err);
        Assert.DoesNotContain("0123456789abcdef", eval.Err);
        Assert.DoesNotContain("fedcba9876543210", eval.Err);
    }
}
