using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Simulation;

namespace EdgeVae.Trainer.Evaluation;

/// <summary>Per-sample scores of a model file in a deployment precision: float32, or int8/int16 as a device computes them.</summary>
public static class PrecisionScores
{
    public const string Help = "float32, int16 or int8 (integer precisions run exactly as the generated code does)";

    public static void Validate(string precision)
    {
        if (precision is not ("float32" or "int8" or "int16")) throw new ArgumentException($"--precision \"{precision}\": use {Help}.");
    }

    /// <summary>
    /// Every score the model has at <paramref name="precision"/>: the mean squared error, −ELBO for a VAE (float32 and
    /// int8), and the standardised score when the precision's threshold (or float32's) carries a standardization.
    /// </summary>
    public static ModelScores ComputeAll(ModelDescription model, Dataset data, string precision)
    {
        var (mse, negElbo) = Compute(model, data, precision);
        var z = StandardizationFor(model, precision);
        double[]? standardized = z is null ? null : ResidualStandardizer.Scores(ResidualStandardizer.Residuals(model, data, precision), data.Count, z);
        return new ModelScores(mse, negElbo, standardized);
    }

    /// <summary>The standardization a precision's score uses: its threshold's, else float32's (as the generated code falls back).</summary>
    public static ResidualStandardization? StandardizationFor(ModelDescription model, string precision) =>
        (model.ThresholdFor(precision) ?? model.ThresholdFor("float32"))?.Standardization;

    /// <summary>Reconstruction-error scores and, for a VAE (float32 and int8), −ELBO scores.</summary>
    public static (double[] Mse, double[]? NegElbo) Compute(ModelDescription model, Dataset data, string precision)
    {
        Validate(precision);
        if (precision == "float32")
            return Scorer.Score(ModelImporter.Build<float>(model), Normalizer.Apply(model.Normalization, data), data.Count);
        var q = Quantize(model, precision);
        var sim = new IntegerSimulator(q);
        var mse = new double[data.Count];
        bool elbo = model.Kind == ModelKind.Variational && q.Precision == QuantizedPrecision.Int8;
        var negElbo = elbo ? new double[data.Count] : null;
        for (int i = 0; i < data.Count; i++)
        {
            mse[i] = sim.Run(data.Row(i));
            if (elbo) negElbo![i] = sim.NegativeElbo(data.Row(i));
            if ((i & 63) == 63 || i == data.Count - 1) EvaluationProgress.Report($"scoring ({precision})", i + 1, data.Count);
        }
        return (mse, negElbo);
    }

    public static QuantizedModel Quantize(ModelDescription model, string precision)
    {
        try
        {
            return Quantizer.Quantize(model, precision == "int16" ? QuantizedPrecision.Int16 : QuantizedPrecision.Int8);
        }
        catch (QuantizationException e)
        {
            throw new ModelFileException($"{model.Name}: {e.Message}");
        }
    }
}

/// <summary>The scores of one data set in one precision; <see cref="For"/> picks the one a threshold applies to.</summary>
public sealed record ModelScores(double[] Mse, double[]? NegElbo, double[]? Standardized)
{
    /// <summary>The scores <paramref name="score"/> ("mse", "standardized", "neg_elbo") names, or null when this model lacks them.</summary>
    public double[]? Named(string score) => score switch
    {
        "standardized" => Standardized,
        "neg_elbo" => NegElbo,
        _ => Mse,
    };

    /// <summary>The scores <paramref name="threshold"/> applies to (the mean squared error without one).</summary>
    public double[] For(Threshold? threshold) =>
        threshold is null ? Mse : Named(threshold.Score) ?? throw new ArgumentException($"the {threshold.Precision} threshold applies to {threshold.Score}, which this model cannot compute at this precision; calibrate it again with another --score.");
}
