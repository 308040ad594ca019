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
