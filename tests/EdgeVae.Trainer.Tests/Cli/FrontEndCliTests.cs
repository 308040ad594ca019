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
