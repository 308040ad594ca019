using System.Numerics;
using System.Text.Json.Nodes;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Models;
using EdgeVae.Trainer.Training;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>Turns a trained network into a <see cref="ModelDescription"/>: float32 weights, layout, normalisation, provenance.</summary>
public static class ModelExporter
{
    public static ModelDescription Export<T>(Autoencoder<T> model, RunDescription run, NormalizeOp normalization, Dataset layoutSource,
        IReadOnlyList<EpochRecord> history, string dataDescription)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var c = model.Config;
        // A model file holds what a device runs: batch normalisations folded into their dense layers.
        var graph = BatchNormFolding.Fold(model.ToGraph());
        var ops = graph.Ops.ToArray();
        ops[graph.NormalizeIndex] = normalization with { Name = ops[graph.NormalizeIndex].Name };
        graph = graph with { Ops = new EquatableArray<Op>(ops) };

        var training = new JsonObject
        {
            ["tool"] = "edgevae " + typeof(ModelExporter).Assembly.GetName().Version?.ToString(3),
            ["data"] = run.DataSpec,
            ["data_description"] = dataDescription,
            ["train_samples"] = layoutSource.Count,
            ["precision"] = run.Precision,
            ["seed"] = run.Options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["epochs"] = history.Count,
            ["batch_size"] = run.Options.BatchSize,
            ["optimizer"] = run.Options.Optimizer,
            ["learning_rate"] = run.Options.LearningRate,
            ["schedule"] = run.Options.Schedule,
            ["encoder"] = c.EncoderSpec,
            ["activation"] = ActivationMath.Name(c.Activation),
            ["init"] = c.InitName,
        };
        if (c.Features is string features) training["features"] = features;
        if (c.BatchNorm) training["batch_norm"] = "folded into the dense layer before each";
        if (run.Data.NormalClass is int k) training["normal_class"] = k;
        if (run.Data.ValidationSpec is string validationData) training["validation_data"] = validationData;
        if (run.Data.TestSpec is string testData) training["test_data"] = testData;
        if (c.Sparsity is not null) training["sparsity"] = c.Sparsity.ToString();
        if (c.Corruption is not null)
        {
            training["noise"] = c.Corruption.ToString();
            training["noise_low"] = c.Corruption.Low;
            training["noise_high"] = c.Corruption.High;
        }
        if (c.Kind == ModelKind.Variational)
        {
            training["beta"] = c.Beta;
            training["kl_warmup_epochs"] = c.KlWarmupEpochs;
        }
        // Wall-clock time is left out on purpose: the same seed must give a byte-identical model file.
        training["history"] = new JsonArray(history.Select(h => (JsonNode)new JsonObject
        {
            ["epoch"] = h.Epoch,
            ["train_loss"] = h.TrainLoss,
            ["train_reconstruction"] = h.TrainReconstruction,
            ["train_regularizer"] = h.TrainRegularizer,
            ["validation_loss"] = h.ValidationLoss,
            ["validation_reconstruction"] = h.ValidationReconstruction,
            ["validation_regularizer"] = h.ValidationRegularizer,
            ["learning_rate"] = h.LearningRate,
        }).ToArray());

        var data = new DataContract(layoutSource.Channels, layoutSource.Window, layoutSource.Window > 0 ? run.Data.Hop : 0, layoutSource.SampleRate,
            new(layoutSource.ChannelNames)) { Source = SourceOf(run, layoutSource) };
        return new ModelDescription(Compiler.ModelFormat.ModelFileFormat.CurrentVersion, run.Name, c.Kind,
            c.Kind == ModelKind.Variational ? c.Reconstruction : ReconstructionKind.Gaussian, data, graph, EquatableArray<Threshold>.Empty,
            training.ToJsonString());
    }

    /// <summary>
    /// The data contract's source: the spec's scheme and, for a CSV, what every later command must read the same way (and
    /// refuse data that differs from): the columns used and ignored, the label and time columns and the label names.
    /// </summary>
    private static SourceContract SourceOf(RunDescription run, Dataset layoutSource)
    {
        int colon = run.DataSpec.IndexOf(':');
        string kind = colon > 0 ? run.DataSpec[..colon] : run.DataSpec;
        if (kind != "csv") return new SourceContract(kind, EquatableArray<string>.Empty, EquatableArray<string>.Empty, "", "", EquatableArray<string>.Empty);
        var classes = layoutSource.ClassNames is { } names && run.Data.LabelColumn is not null ? names : [];
        return new SourceContract(kind, new(layoutSource.ChannelNames), new(run.Data.IgnoreColumns ?? []), run.Data.LabelColumn ?? "", layoutSource.TimeColumn ?? run.Data.TimeColumn ?? "", new(classes));
    }

    /// <summary>
    /// What <c>edgevae train</c> writes at the end of a run: the exported network with its activation ranges measured
    /// on the validation set and a threshold, by <paramref name="thresholdMethod"/>, for each of
    /// <paramref name="precisions"/> (calibrated on that precision's own scores).
    /// </summary>
    public static ModelDescription ExportCalibrated<T>(TrainingSession<T> session, DataSplits splits, string thresholdMethod, params string[] precisions)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var model = Export(session.Model, session.Run, session.Normalization, splits.Train, session.History, splits.Description);
        // From here on the model sees what a device computes: the fixed-point front-end's features.
        var validation = FrontEnd.ModelFeatures.Of(model, splits.Validation);
        model = RangeCalibrator.Calibrate(model, Normalizer.Apply(model.Normalization, validation), validation.Count);
        var thresholds = precisions.Select(p =>
        {
            var (mse, _) = Evaluation.PrecisionScores.Compute(model, validation, p);
            return Evaluation.ThresholdCalibrator.Fit(mse, thresholdMethod, p, "mse");
        }).ToArray();
        return model with { Thresholds = new(thresholds) };
    }
}
