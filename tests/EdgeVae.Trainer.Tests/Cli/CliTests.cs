using EdgeVae.Trainer.Cli;

namespace EdgeVae.Trainer.Tests.Cli;

[CollectionDefinition("console", DisableParallelization = true)]
public class ConsoleCollection;

/// <summary>The <c>edgevae</c> command end to end, in process (these tests redirect the console, so they run alone).</summary>
[Collection("console")]
public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private static readonly string[] SmallRun = ["train", "--data", "builtin:motor", "--train-limit", "512", "--kind", "denoising", "--noise", "gaussian:0.2", "--hidden", "32", "--latent", "4", "--epochs", "3", "--seed", "7", "--name", "motor"];

    [Fact]
    public void Same_seed_gives_a_byte_identical_model_file_and_another_seed_does_not()
    {
        string a = TestData.TempPath("a.evae"), b = TestData.TempPath("b.evae"), c = TestData.TempPath("c.evae");
        Assert.Equal(0, Run([.. SmallRun, "-o", a]).Code);
        Assert.Equal(0, Run([.. SmallRun, "-o", b]).Code);
        Assert.Equal(0, Run([.. SmallRun[..^1], "8", "-o", c]).Code);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
    }

    [Fact]
    public void Init_chooses_how_new_weights_are_drawn_and_the_model_file_says_which()
    {
        string auto = TestData.TempPath("auto.evae"), torch = TestData.TempPath("torch.evae");
        Assert.Equal(0, Run([.. SmallRun, "-o", auto]).Code);
        Assert.Equal(0, Run([.. SmallRun, "--init", "pytorch", "-o", torch]).Code);
        var a = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(auto))!;
        var t = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(torch))!;
        Assert.Equal("auto", a["training"]!["init"]!.GetValue<string>());
        Assert.Equal("pytorch", t["training"]!["init"]!.GetValue<string>());
        // Same seed, other scheme: other weights (PyTorch's default draws the biases too, and from a narrower range).
        Assert.NotEqual(a["graph"]!["ops"]![1]!["weight"]!.GetValue<string>(), t["graph"]!["ops"]![1]!["weight"]!.GetValue<string>());
        var bad = Run([.. SmallRun, "--init", "kaiming", "-o", TestData.TempPath("bad.evae")]);
        Assert.Equal(2, bad.Code);
        Assert.Contains("--init \"kaiming\": use auto, he, xavier, pytorch", bad.Err);
    }

    [Fact]
    public void Train_eval_calibrate_info_work_together()
    {
        string path = TestData.TempPath("m.evae");
        var train = Run([.. SmallRun, "-o", path]);
        Assert.True(train.Code == 0, train.Err);
        Assert.Contains("epoch 3/3", train.Err);
        var eval = Run("eval", path, "--json");
        Assert.True(eval.Code == 0, eval.Err);
        var json = System.Text.Json.Nodes.JsonNode.Parse(eval.Out)!.AsObject();
        foreach (var key in new[] { "n", "mse", "psnr_db", "psnr_noisy_db", "psnr_image_db", "psnr_image_noisy_db", "auroc", "auprc", "threshold", "seconds" }) Assert.True(json.ContainsKey(key), key);
        // The mean of per-window PSNRs is not the PSNR of the mean error (Jensen: it is at least as large).
        Assert.True(json["psnr_image_db"]!.GetValue<double>() >= json["psnr_db"]!.GetValue<double>());
        Assert.InRange(json["auroc"]!.GetValue<double>(), 0.7, 1.0);
        Assert.True(double.IsFinite(json["psnr_db"]!.GetValue<double>()) && double.IsFinite(json["psnr_noisy_db"]!.GetValue<double>()));
        var cal = Run("calibrate", path, "--method", "fpr:0.02");
        Assert.True(cal.Code == 0, cal.Err);
        var info = Run("info", path);
        Assert.Contains("fpr:0.02", info.Out);
        Assert.Contains("256 features = 64 steps × 4 channels", info.Out);
    }

    [Fact]
    public void A_convolutional_model_trains_calibrates_evaluates_in_int8_and_emits_for_both_targets()
    {
        string path = TestData.TempPath("conv.evae"), cs = TestData.TempPath("Conv.cs"), nano = TestData.TempPath("ConvNano.cs"), st = TestData.TempPath("conv.safetensors"), back = TestData.TempPath("conv-back.evae");
        var train = Run("train", "--data", "builtin:motor", "--train-limit", "512", "--encoder", "conv:8:5:2,conv:8:5:2", "--latent", "4", "--epochs", "2", "--seed", "3", "-o", path);
        Assert.True(train.Code == 0, train.Err);
        Assert.Contains("conv:8:5:2,conv:8:5:2", train.Err);
        var info = Run("info", path);
        Assert.Contains("conv1d", info.Out);
        Assert.Contains("channels_first", info.Out);
        Assert.Matches(@"streaming +StreamingScorer\(hop\) for hops that are multiples of 4 below 64; MACs per window at hop 4: [\d,]+; 8: [\d,]+; 16: [\d,]+; 32: [\d,]+ \(full window [\d,]+\)", info.Out);
        Assert.True(Run("calibrate", path, "--precision", "int8").Code == 0);
        var eval = Run("eval", path, "--json", "--precision", "int8");
        Assert.True(eval.Code == 0, eval.Err);
        Assert.InRange(System.Text.Json.Nodes.JsonNode.Parse(eval.Out)!["auroc"]!.GetValue<double>(), 0.6, 1.0);
        var emit = Run("emit", path, "--class", "Conv", "-o", cs);
        Assert.True(emit.Code == 0, emit.Err);
        Assert.Contains("Conv1D.Int8Packed<Shape", File.ReadAllText(cs));
        Assert.Contains("public sealed class StreamingScorer", File.ReadAllText(cs));
        Assert.Equal(0, Run("emit", path, "--target", "nanoframework", "--class", "Conv", "-o", nano).Code);
        // Conv weights travel as [out, in, k] tensors and come back the same.
        Assert.Equal(0, Run("export", path, "-o", st).Code);
        Assert.Equal(0, Run("import", st, "-o", back).Code);
        Assert.Equal(File.ReadAllText(path), File.ReadAllText(back));
        var (tensors, _) = Trainer.ModelFiles.SafeTensorsFile.Read(st);
        Assert.Equal([8, 4, 5], tensors.Single(t => t.Name == "encoder.0.weight").Shape);
    }

    [Fact]
    public void Upgrade_rewrites_a_version_1_file_with_the_same_numbers()
    {
        string v1 = Path.Combine(RepositoryRoot(), "tests", "Fixtures", "v1", "sparse-kl.evae"), copy = TestData.TempPath("v1.evae");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(v1, copy);
        var before = Trainer.ModelFiles.ModelImporter.Load(copy);
        var upgrade = Run("upgrade", copy);
        Assert.True(upgrade.Code == 0, upgrade.Err);
        Assert.Contains("upgraded from version 1 to 2", upgrade.Out);
        Assert.Contains("\"version\": 2", File.ReadAllText(copy));
        var after = Trainer.ModelFiles.ModelImporter.Load(copy);
        Assert.Equal(before with { FormatVersion = 2 }, after);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("EdgeVae.sln not found");
    }

    [Fact]
    public void Export_then_import_through_safetensors_gives_the_same_model_file()
    {
        string path = TestData.TempPath("st.evae"), st = TestData.TempPath("st.safetensors"), back = TestData.TempPath("st-back.evae");
        Assert.Equal(0, Run([.. SmallRun, "-o", path]).Code);
        var export = Run("export", path, "-o", st);
        Assert.True(export.Code == 0, export.Err);
        Assert.Contains("tensors", export.Out);
        var import = Run("import", st, "-o", back);
        Assert.True(import.Code == 0, import.Err);
        Assert.Equal(File.ReadAllText(path), File.ReadAllText(back));

        // A damaged file is refused and nothing is written.
        var bytes = File.ReadAllBytes(st);
        File.WriteAllBytes(st, bytes[..(bytes.Length - 10)]);
        File.Delete(back);
        var bad = Run("import", st, "-o", back);
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("outside the", bad.Err);
        Assert.False(File.Exists(back));
    }

    [Fact]
    public void Data_export_writes_the_trainers_splits_as_npy_and_never_into_a_directory_with_files()
    {
        string dir = TestData.TempPath("export");
        var run = Run("data", "export", "--data", "builtin:motor", "--train-limit", "300", "--test-limit", "200", "-o", dir);
        Assert.True(run.Code == 0, run.Err);
        var splits = EdgeVae.Trainer.Data.DataSources.Load("builtin:motor", new EdgeVae.Trainer.Data.DataOptions { TrainLimit = 300, TestLimit = 200 });
        foreach (var (name, set) in new[] { ("train", splits.Train), ("validation", splits.Validation), ("test", splits.Test) })
        {
            var (shape, values) = EdgeVae.Trainer.Data.NpyReader.Read(Path.Combine(dir, name + ".npy"));
            Assert.Equal(new[] { set.Count, set.Width }, shape);
            Assert.Equal(set.Features.Select(v => (double)v), values);
            var (labelShape, labels) = EdgeVae.Trainer.Data.NpyReader.Read(Path.Combine(dir, name + "-labels.npy"));
            Assert.Equal(new[] { set.Count }, labelShape);
            Assert.Equal(set.Labels!.Select(v => (double)v), labels);
        }
        var (_, anomaly) = EdgeVae.Trainer.Data.NpyReader.Read(Path.Combine(dir, "test-anomaly.npy"));
        Assert.Equal(splits.Test.Labels!.Select(l => l != 0 ? 1.0 : 0.0), anomaly);
        var meta = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "data.json")))!;
        Assert.Equal(4, meta["channels"]!.GetValue<int>());
        Assert.Equal(64, meta["window"]!.GetValue<int>());
        Assert.Equal("Bearing", meta["class_names"]![1]!.GetValue<string>());

        // A second export into the same directory is refused and changes nothing.
        var before = File.ReadAllBytes(Path.Combine(dir, "train.npy"));
        var again = Run("data", "export", "--data", "builtin:motor", "--train-limit", "100", "-o", dir);
        Assert.Equal(2, again.Code);
        Assert.Contains("already holds files", again.Err);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(dir, "train.npy")));
    }

    [Fact]
    public void Report_writes_the_plots_and_a_page_that_shows_them()
    {
        string model = TestData.TempPath("r.evae");
        Assert.Equal(0, Run([.. SmallRun, "-o", model]).Code);
        string dir = Path.Combine(Path.GetDirectoryName(model)!, "report");
        var r = Run("report", model, "-o", dir);
        Assert.True(r.Code == 0, r.Err);
        string page = File.ReadAllText(Path.Combine(dir, "report.md"));
        foreach (var png in new[] { "loss.png", "reconstructions.png", "latent.png", "scores.png" })
        {
            Assert.Contains($"({png})", page);
            var bytes = File.ReadAllBytes(Path.Combine(dir, png));
            Assert.True(bytes.Length > 5000, $"{png} is only {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        Assert.Contains("| auroc |", page);
    }

    [Fact]
    public void Quantize_report_orders_precisions_by_their_distance_from_the_oracle()
    {
        string model = TestData.TempPath("q.evae");
        Assert.Equal(0, Run([.. SmallRun, "-o", model]).Code);
        var r = Run("quantize-report", model, "--samples", "16");
        Assert.True(r.Code == 0, r.Err);
        double Sqnr(string precision) => double.Parse(r.Out.Split("End to end")[1].Split("Detection")[0].Split('\n').Single(l => l.StartsWith($"| {precision} |", StringComparison.Ordinal)).Split('|')[5], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Sqnr("float32") > 100, $"float32 end-to-end SQNR {Sqnr("float32")}");
        Assert.True(Sqnr("float32") > Sqnr("int16") && Sqnr("int16") > Sqnr("int8") && Sqnr("int8") > 20, r.Out);
        Assert.Contains("| int8 |", r.Out.Split("Detection")[1]);
    }

    [Theory]
    [InlineData("--kind", "gan", "--kind \"gan\": use ae, sparse, denoising or vae")]
    [InlineData("--precision", "big:3", "--precision \"big:3\"")]
    [InlineData("--precision", "float16", "--precision \"float16\"")]
    [InlineData("--hidden", "64,x", "--hidden \"64,x\"")]
    [InlineData("--epochs", "0", "--epochs must be positive")]
    [InlineData("--lr", "-1", "--lr must be a positive number")]
    [InlineData("--schedule", "linear", "--schedule \"linear\"")]
    [InlineData("--latent", "0", "--latent must be positive")]
    public void Bad_arguments_get_a_clear_error_and_exit_code_2(string option, string value, string expected)
    {
        string path = TestData.TempPath("never.evae");
        var r = Run("train", "--data", "builtin:motor", option, value, "-o", path);
        Assert.Equal(2, r.Code);
        Assert.Contains(expected, r.Err);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Option_values_for_other_kinds_are_rejected()
    {
        var r = Run("train", "--data", "builtin:motor", "--kind", "ae", "--noise", "gaussian:0.1");
        Assert.Equal(2, r.Code);
        Assert.Contains("--noise applies to --kind denoising", r.Err);
        r = Run("train", "--data", "builtin:motor", "--kind", "sparse", "--sparsity", "l2:1");
        Assert.Contains("--sparsity \"l2:1\"", r.Err);
    }

    [Fact]
    public void A_damaged_model_file_is_reported_with_line_and_column()
    {
        string path = TestData.TempPath("broken.evae");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{\n  \"format\": \"edgevae-model\",\n  \"version\": 1,\n  \"name\": \"x\"\n  \"kind\": \"ae\"\n}");
        var r = Run("info", path);
        Assert.Equal(3, r.Code);
        Assert.Contains($"{path}:5:3: not valid JSON: expected ',' or '}}'", r.Err);
    }

    [Fact]
    public void A_diverging_run_stops_with_the_epoch_and_writes_nothing()
    {
        string path = TestData.TempPath("nan.evae");
        var r = Run("train", "--data", "builtin:motor", "--train-limit", "256", "--hidden", "32", "--latent", "4", "--lr", "1e6", "--optimizer", "sgd", "--epochs", "5", "-o", path);
        Assert.Equal(4, r.Code);
        Assert.Matches("The loss became (NaN|∞|-?Infinity) in epoch \\d+, batch \\d+; no model was written", r.Err);
        Assert.False(File.Exists(path));
    }
}
