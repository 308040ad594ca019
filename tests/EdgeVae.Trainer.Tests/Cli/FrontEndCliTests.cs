namespace EdgeVae.Trainer.Tests.Cli;

/// <summary><c>train --features</c> through the tool: the model file, info, standardised calibration, report and quantize-report of a front-end model.</summary>
[Collection("console")]
public class FrontEndCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private static string Train(string name, string features)
    {
        string model = TestData.TempPath(name);
        var r = Run("train", "--data", "builtin:motor", "--window", "128", "--hop", "64", "--train-limit", "512", "--features", features,
            "--hidden", "16", "--latent", "4", "--epochs", "2", "--seed", "3", "-o", model);
        Assert.True(r.Code == 0, r.Err);
        return model;
    }

    [Fact]
    public void A_front_end_model_tells_its_features_calibrates_standardised_and_reports_its_spectrograms()
    {
        string model = Train("fe.evae", "log-bands:frame=64,hop=32,edges=0/50/150/500,stats=mean/peak");
        var info = Run("info", model);
        Assert.Contains("features        60 = 3 frames × 5 per frame × 4 channels, by the fixed-point front-end", info.Out);
        Assert.Contains("frontend.bands         bands", info.Out);
        // A standardised threshold has one mean and weight per feature (60), not per raw value (512): it must read back.
        var calibrated = Run("calibrate", model, "--score", "standardized", "--precision", "int8");
        Assert.True(calibrated.Code == 0, calibrated.Err);
        var eval = Run("eval", model, "--precision", "int8", "--json");
        Assert.True(eval.Code == 0, eval.Err);
        string dir = Path.Combine(Path.GetDirectoryName(model)!, "report");
        var report = Run("report", model, "-o", dir);
        Assert.True(report.Code == 0, report.Err);
        string page = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("(spectrogram.png)", page);
        Assert.Contains("Spectral features (dB; 3 frames across, 3 bands up", page);
        Assert.True(new FileInfo(Path.Combine(dir, "spectrogram.png")).Length > 5000);
        var q = Run("quantize-report", model, "--samples", "4", "--oracle-bits", "80");
        Assert.True(q.Code == 0, q.Err);
        Assert.Contains("| frontend.log (log) | fixed point |", q.Out);
        Assert.Contains("| frontend.stats (stats) | float32 |", q.Out);
    }

    [Fact]
    public void Features_that_differ_per_channel_train_tell_their_branches_score_by_channel_and_compile_for_both_flavors()
    {
        string model = Train("branches.evae", "accel_x+accel_y+accel_z=log-bands:frame=64,hop=32,edges=0/50/150/500;current=stats:frame=32,hop=32,stats=rms/peak;3=raw");
        var info = Run("info", model);
        Assert.True(info.Code == 0, info.Err);
        // 3 frames × 3 bands × 3 channels, 4 frames × 2 statistics, 128 raw samples of the current.
        Assert.Contains("features        163 = accel_x, accel_y, accel_z: 3 frames × 3 per frame × 3 channels; current: 4 frames × 2 per frame; current: 128 raw samples", info.Out);
        Assert.Contains("frontend.1.select      select", info.Out);
        Assert.Contains("channels current", info.Out);
        Assert.Contains("streaming       StreamingScorer(hop) for hops that are multiples of the frame hop 32", info.Out);
        var calibrated = Run("calibrate", model, "--precision", "int8");
        Assert.True(calibrated.Code == 0, calibrated.Err);
        var eval = Run("eval", model, "--precision", "int8", "--json");
        Assert.True(eval.Code == 0, eval.Err);
        Assert.Contains("\"recall_by_label\"", eval.Out);
        string dir = Path.Combine(Path.GetDirectoryName(model)!, "report-branches");
        var report = Run("report", model, "-o", dir);
        Assert.True(report.Code == 0, report.Err);
        string page = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("Spectral features (dB; 3 frames across, 3 bands up", page);
        Assert.Contains("as the front-end's features", page);
        foreach (var (target, precision) in new[] { ("dotnet", "int8"), ("nanoframework", "int8"), ("nanoframework", "int16") })
        {
            string cs = TestData.TempPath($"branches.{target}.{precision}.cs");
            var emit = Run("emit", model, "--target", target, "--precision", precision, "-o", cs);
            Assert.True(emit.Code == 0, emit.Err);
            Assert.Contains("FeatureChannel", File.ReadAllText(cs));
        }
        // The on-device learner learns each feature's mean and spread on its own.
        var adapt = Run("adapt", model, "--normal-windows", "64", "--threshold-windows", "64");
        Assert.True(adapt.Code == 0, adapt.Err);
        Assert.Contains("  163 features, each its own mean and spread: mean moved by", adapt.Out);
        // What the learner cannot serve is said in one line (a standardised threshold; adapt threw before).
        Assert.Equal(0, Run("calibrate", model, "--score", "standardized", "--precision", "int8").Code);
        adapt = Run("adapt", model);
        Assert.Equal(2, adapt.Code);
        Assert.StartsWith("error: the on-device learner calibrates a threshold on the reconstruction error (mse)", adapt.Err.Split('\n').Last(l => l.Length > 0));
        Assert.DoesNotContain("Unhandled", adapt.Err);
        var q = Run("quantize-report", model, "--samples", "4", "--oracle-bits", "80");
        Assert.True(q.Code == 0, q.Err);
        Assert.Contains("| frontend.0.bands (bands) | fixed point |", q.Out);
        Assert.Contains("| frontend.1.stats (stats) | fixed point |", q.Out);
        Assert.Contains("1 channels (current)", q.Out);
    }

    [Fact]
    public void A_front_end_model_exports_its_network_on_the_features_to_onnx_and_imports_back_whole()
    {
        string model = Train("fe-onnx.evae", "accel_x+accel_y+accel_z=log-bands:frame=64,hop=32,edges=0/50/150/500;current=raw");
        string onnx = TestData.TempPath("fe.onnx");
        var export = Run("export", model, "--onnx", "-o", onnx);
        Assert.True(export.Code == 0, export.Err);
        var file = EdgeVae.Trainer.ModelFiles.Onnx.OnnxReader.Read(File.ReadAllBytes(onnx));
        // 3 frames × 3 bands × 3 channels and 128 raw samples: the network's input, not the window's 512 values.
        Assert.Equal([-1L, 155L], file.Graph.Inputs.Single().Dims);
        Assert.Equal([-1L, 155L], file.Graph.Outputs[0].Dims);
        Assert.Equal("Sub", file.Graph.Nodes[0].OpType); // the normalisation first: no front-end node
        string back = TestData.TempPath("fe-back.evae");
        var import = Run("import", onnx, "-o", back);
        Assert.True(import.Code == 0, import.Err);
        Assert.Equal(File.ReadAllText(model), File.ReadAllText(back));
    }

    [Theory]
    [InlineData("vibration=log-mel:frame=32", "\"vibration\" is not a channel of this data; its channels are accel_x (0), accel_y (1), accel_z (2), current (3)")]
    [InlineData("accel_x+accel_x=stats:frame=16", "channel \"accel_x\" is named twice in one branch")]
    [InlineData("current=raw;accel_x=raw", "every branch is raw")]
    [InlineData("current=stats:frame=16;;accel_x=raw", "an empty branch")]
    [InlineData("current+=stats:frame=16", "names an empty channel")]
    [InlineData("current=stats:frame=128", "frames of 128 samples do not fit in a window of 64 steps")]
    public void Branches_that_cannot_be_built_are_refused_naming_the_channel_or_the_branch(string features, string reason)
    {
        string model = TestData.TempPath("never-branch.evae");
        var r = Run("train", "--data", "builtin:motor", "--features", features, "-o", model);
        Assert.Equal(2, r.Code);
        Assert.Contains(reason, r.Err);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Features_that_cannot_be_built_are_refused_before_training_and_nothing_is_written()
    {
        string model = TestData.TempPath("never.evae");
        var r = Run("train", "--data", "builtin:motor", "--features", "log-mel:frame=128", "-o", model);
        Assert.Equal(2, r.Code);
        Assert.Contains("frames of 128 samples do not fit in a window of 64 steps", r.Err);
        Assert.False(File.Exists(model));
        r = Run("train", "--data", "builtin:motor", "--features", "wavelets", "-o", model);
        Assert.Equal(2, r.Code);
        Assert.Contains("\"wavelets\" is not a front-end", r.Err);
    }
}
