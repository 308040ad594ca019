using System.Numerics;
using System.Text.Json.Nodes;
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
    public static ModelDescription Export<T>(Autoencoder<T> model, RunDescription run, Normalization normalization, Dataset layoutSource,
        IReadOnlyList<EpochRecord> history, string dataDescription)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var c = model.Config;
        var layers = new List<DenseLayer>();
        for (int i = 0; i < model.EncoderLinears.Count; i++)
        {
            bool last = i == model.EncoderLinears.Count - 1;
            layers.Add(Layer(model.EncoderLinears[i], LayerRole.Encoder, last ? c.CodeActivation : c.Activation));
        }
        for (int i = 0; i < model.DecoderLinears.Count; i++)
        {
            bool last = i == model.DecoderLinears.Count - 1;
            layers.Add(Layer(model.DecoderLinears[i], LayerRole.Decoder, last ? c.OutputActivation : c.Activation));
        }

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
            ["hidden"] = string.Join(',', c.Hidden),
            ["activation"] = ModelFormatNames(c.Activation),
        };
        if (run.Data.NormalClass is int k) training["normal_class"] = k;
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

        return new ModelDescription(
            Compiler.ModelFormat.ModelFileFormat.CurrentVersion, run.Name, c.Kind, c.InputSize, c.Latent,
            new InputLayout(layoutSource.Channels, layoutSource.Window, new(layoutSource.ChannelNames)),
            c.Kind == ModelKind.Variational ? c.Reconstruction : ReconstructionKind.Gaussian,
            normalization, new(layers.ToArray()), ValueRange.Unknown, EquatableArray<Threshold>.Empty,
            training.ToJsonString());
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
        model = RangeCalibrator.Calibrate(model, Normalizer.Apply(model.Normalization, splits.Validation), splits.Validation.Count);
        var thresholds = precisions.Select(p =>
        {
            var (mse, _) = Evaluation.PrecisionScores.Compute(model, splits.Validation, p);
            return Evaluation.ThresholdCalibrator.Fit(mse, thresholdMethod, p, "mse");
        }).ToArray();
        return model with { Thresholds = new(thresholds) };
    }

    private static string ModelFormatNames(ActivationFunction a) => ActivationMath.Name(a);

    private static DenseLayer Layer<T>(Linear<T> linear, LayerRole role, ActivationFunction activation)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        float[] w = linear.Weight.Value.Span.ToArray().Select(Numbers.ToFloat).ToArray();
        float[] b = linear.Bias.Value.Span.ToArray().Select(Numbers.ToFloat).ToArray();
        return new DenseLayer(linear.Weight.Name[..linear.Weight.Name.LastIndexOf('.')], role, linear.InFeatures, linear.OutFeatures,
            activation, new(w), new(b), ValueRange.Unknown, ValueRange.Unknown);
    }
}
