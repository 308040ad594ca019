using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Models;
using EdgeVae.Trainer.Training;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>Models trained once for the whole test run, through the same path as <c>edgevae train</c> + <c>calibrate</c>.</summary>
internal static class TrainedModels
{
    private static readonly Lazy<ModelDescription> MotorModel = new(() => Train("builtin:motor", new DataOptions { TrainLimit = 2048 },
        new AutoencoderConfig { Kind = ModelKind.Denoising, Hidden = [32], Latent = 8, Corruption = Corruption.Parse("gaussian:0.3") }, NormalizationMethod.ZScore, epochs: 6));

    private static readonly Lazy<ModelDescription> FashionVae = new(() => Train("fashion-mnist", new DataOptions { TrainLimit = 3000, TestLimit = 1000 },
        new AutoencoderConfig { Kind = ModelKind.Variational, Hidden = [64], Latent = 8, Reconstruction = ReconstructionKind.Bernoulli }, NormalizationMethod.MinMax, epochs: 2));

    /// <summary>A convolutional AE on motor windows: conv 4→8 (k5 s2) → conv 8→16 (k5 s2) → code 8, mirrored with upsampling.</summary>
    private static readonly Lazy<ModelDescription> ConvModel = new(() => Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Autoencoder, Convolutions = [new(8, 5, 2), new(16, 5, 2)], Hidden = [], Latent = 8 }, NormalizationMethod.ZScore, epochs: 2));

    /// <summary>A convolutional Gaussian VAE with a dilated convolution and tanh: the head, tables and −ELBO over conv layers.</summary>
    private static readonly Lazy<ModelDescription> ConvVaeModel = new(() => Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Variational, Convolutions = [new(6, 3, 2, 2), new(12, 3, 4)], Hidden = [16], Latent = 4,
            Activation = EdgeVae.Contract.ActivationFunction.Tanh }, NormalizationMethod.ZScore, epochs: 2));

    /// <summary>A dense AE on the log-mel front-end: 3 frames of 32 samples (hop 16), Hann, 8 mel filters to 500 Hz, dB floored at −90.</summary>
    private static readonly Lazy<ModelDescription> LogMelModel = new(() => Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Autoencoder, Features = "log-mel:frame=32,hop=16,mels=8,floor=-90", Hidden = [24], Latent = 6 }, NormalizationMethod.ZScore, epochs: 3));

    /// <summary>A dense AE on linear band energies of a Hamming-windowed magnitude-free power spectrum (no log: the exponent path).</summary>
    private static readonly Lazy<ModelDescription> BandsModel = new(() => Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Autoencoder, Features = "bands:frame=64,window=hamming,edges=0/20/45/70/120/250/500", Hidden = [16], Latent = 4 }, NormalizationMethod.ZScore, epochs: 3));

    /// <summary>Log band energies with every per-frame statistic appended (the composed front-end), and statistics alone.</summary>
    private static readonly Lazy<ModelDescription> BandsStatsModel = new(() => Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Autoencoder, Features = "log-bands:frame=32,hop=16,edges=0/50/150/500,stats=mean/rms/std/peak/crest/skewness/kurtosis", Hidden = [24], Latent = 6 }, NormalizationMethod.ZScore, epochs: 3));

    private static readonly Lazy<ModelDescription> StatsModel = new(() => Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Autoencoder, Features = "stats:frame=16,hop=8", Hidden = [16], Latent = 4 }, NormalizationMethod.ZScore, epochs: 3));

    /// <summary>
    /// A front-end that differs per channel: log band energies and RMS/kurtosis of the accelerometers (frames of 32, hop
    /// 16), statistics of the motor current (frames of 16, hop 8), and the current's raw samples beside them.
    /// </summary>
    private static readonly Lazy<ModelDescription> BranchedModel = new(() => Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Autoencoder, Features = Branches, Hidden = [24], Latent = 6 }, NormalizationMethod.ZScore, epochs: 3));

    public const string Branches = "accel_x+accel_y+accel_z=log-bands:frame=32,hop=16,edges=0/50/150/500,stats=rms/kurtosis;current=stats:frame=16,hop=8;3=raw";

    public static ModelDescription Branched => BranchedModel.Value;

    public static ModelDescription BandsStats => BandsStatsModel.Value;

    public static ModelDescription Stats => StatsModel.Value;

    public static ModelDescription LogMel => LogMelModel.Value;

    public static ModelDescription Bands => BandsModel.Value;

    public static ModelDescription Motor => MotorModel.Value;

    public static ModelDescription Conv => ConvModel.Value;

    public static ModelDescription ConvVae => ConvVaeModel.Value;

    public static ModelDescription Fashion
    {
        get
        {
            if (!FashionMnist.IsAvailable()) Assert.Fail("Fashion-MNIST is required by this test: apt-get install dataset-fashion-mnist (.ci/run installs it).");
            return FashionVae.Value;
        }
    }

    /// <summary>The model with a standardised threshold for each precision, fitted on normal windows, read back from file text.</summary>
    public static ModelDescription Standardized(ModelDescription model)
    {
        var normal = MotorWindows(600);
        var rows = Enumerable.Range(0, normal.Count).Where(i => normal.Labels![i] == 0).ToArray();
        var data = normal.Subset(rows);
        var thresholds = new List<Threshold>();
        foreach (var p in new[] { "float32", "int8", "int16" })
        {
            var r = Trainer.Evaluation.ResidualStandardizer.Residuals(model, data, p);
            var z = Trainer.Evaluation.ResidualStandardizer.Fit(r, data.Count, model.InputSize);
            thresholds.Add(Trainer.Evaluation.ThresholdCalibrator.Fit(Trainer.Evaluation.ResidualStandardizer.Scores(r, data.Count, z), "percentile:99", p, "standardized") with { Standardization = z });
        }
        return ModelFileReader.Read(ModelFileWriter.Write(model with { Thresholds = new(thresholds.ToArray()) }));
    }

    /// <summary>10,000 motor windows: held-out normal and faulty recordings (seeds unseen in training).</summary>
    public static Dataset MotorWindows(int count)
    {
        var xs = new List<float>();
        var ys = new List<int>();
        for (int s = 0; ys.Count < count; s++)
        {
            var fault = (MotorFault)(s % 8);
            var (signal, truth) = MotorSignalGenerator.Record(9000UL + (ulong)s, 4000, fault);
            var (w, labels, n) = MotorSignalGenerator.Cut(signal, truth, 4, 64, 32);
            xs.AddRange(w);
            ys.AddRange(labels);
        }
        return new Dataset("motor/e2e", xs.Take(count * 256).ToArray(), count, 256, ys.Take(count).ToArray(), DataLayout.TimeWindow, 4, 64);
    }

    /// <summary>Normal windows at load 1.2–1.5 (trained on 0.3–1.0), then test windows with every fault, as a device would see them.</summary>
    public static Dataset Deployment(int recordings, bool faults)
    {
        var regime = MotorRegime.Parse("load=1.2-1.5");
        var xs = new List<float>();
        var ys = new List<int>();
        for (int s = 0; s < recordings; s++)
        {
            var fault = faults ? (MotorFault)(s % 8) : MotorFault.Normal;
            var (signal, truth) = MotorSignalGenerator.Record(7000UL + (ulong)s, 2000, fault, regime: regime);
            var (w, labels, _) = MotorSignalGenerator.Cut(signal, truth, 4, 64, 32);
            xs.AddRange(w);
            ys.AddRange(labels);
        }
        return new Dataset("motor/deployment", xs.ToArray(), ys.Count, 256, ys.ToArray(), DataLayout.TimeWindow, 4, 64);
    }

    /// <summary>Trains in float32 and exports as <c>edgevae train</c> does, with thresholds for <paramref name="precisions"/>, read back from file text.</summary>
    internal static ModelDescription Train(string spec, DataOptions options, AutoencoderConfig config, NormalizationMethod method, int epochs,
        ulong seed = 3, params string[] precisions)
    {
        var raw = DataSources.Load(spec, options);
        var (frontEnd, _, splits) = Trainer.FrontEnd.FeaturePreparation.Prepare(config.Features, raw, pcm: false);
        var norm = Normalizer.Fit(splits.Train, method, perFeature: frontEnd.Length > 0);
        var sized = config.SizedFor(splits.Train) with { FrontEnd = frontEnd, RawInputSize = raw.Train.Width };
        var run = new RunDescription(spec, options, sized, new TrainOptions { Epochs = epochs, BatchSize = 64, Seed = seed }, "float32", "e2e");
        var session = new TrainingSession<float>(run, norm, Normalizer.Apply(norm, splits.Train), splits.Train.Count,
            Normalizer.Apply(norm, splits.Validation), splits.Validation.Count);
        session.Train(SilentProgress.Instance, CancellationToken.None, null);
        var model = ModelExporter.ExportCalibrated(session, raw, "percentile:99", precisions.Length > 0 ? precisions : ["float32", "int8", "int16"]);
        // Round-trip through the file format, as the generator will read it.
        return ModelFileReader.Read(ModelFileWriter.Write(model));
    }
}
