using EdgeVae.Compiler.Model;
using EdgeVae.Runtime.Scoring;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Simulation;

namespace EdgeVae.Trainer.Evaluation;

/// <summary>
/// The "standardized" score's fit: each feature's residual (reconstruction − normalised input) on held-out normal data,
/// its mean and σ, and the weights 1/max(σ, floor). The residuals come from the precision that will be scored (int8 and
/// int16 through the integer simulator), so each precision's threshold standardises its own quantization noise too.
/// </summary>
public static class ResidualStandardizer
{
    /// <summary>The floor on σ, as a fraction of the root mean square of all features' σ.</summary>
    public const double FloorFraction = 0.1;

    /// <summary>Fewer normal samples than this make a per-feature σ an accident of the sample.</summary>
    public const int MinimumSamples = 20;

    /// <summary>Residuals of every sample in <paramref name="precision"/>, row after row (count × features), in float32.</summary>
    public static float[] Residuals(ModelDescription model, Dataset data, string precision)
    {
        int n = model.FeatureSize;
        var residuals = new float[(long)data.Count * n];
        if (precision == "float32")
        {
            var net = ModelImporter.Build<float>(model);
            var x = Normalizer.Apply(model.Normalization, data);
            var input = Numerics.Tensors.Tensor<float>.Zeros(0, 0);
            var output = Numerics.Tensors.Tensor<float>.Zeros(0, 0);
            for (int start = 0; start < data.Count; start += 512)
            {
                int rows = Math.Min(512, data.Count - start);
                input.EnsureShape(rows, n);
                x.AsSpan(start * n, rows * n).CopyTo(input.Span);
                net.Reconstruct(input, output);
                var y = output.Span;
                for (int i = 0; i < rows * n; i++) residuals[start * n + i] = y[i] - x[start * n + i];
            }
            return residuals;
        }
        var sim = new IntegerSimulator(PrecisionScores.Quantize(model, precision));
        for (int i = 0; i < data.Count; i++)
        {
            sim.Run(data.Row(i));
            sim.Residuals(residuals.AsSpan(i * n, n));
            if ((i & 63) == 63 || i == data.Count - 1) EvaluationProgress.Report($"residuals ({precision})", i + 1, data.Count);
        }
        return residuals;
    }

    /// <summary>Mean and weight per feature from the residuals of <paramref name="count"/> normal samples.</summary>
    public static ResidualStandardization Fit(float[] residuals, int count, int features)
    {
        if (count < MinimumSamples)
            throw new ArgumentException($"--score standardized fits a mean and a spread per feature on the normal validation samples; it needs at least {MinimumSamples}, and this data has {count}. Give more validation data (--validation FILE or a larger --split-ratio), or use --score mse.");
        var mean = new double[features];
        var sq = new double[features];
        for (int s = 0; s < count; s++)
            for (int i = 0; i < features; i++) mean[i] += residuals[(long)s * features + i];
        for (int i = 0; i < features; i++) mean[i] /= count;
        for (int s = 0; s < count; s++)
            for (int i = 0; i < features; i++)
            {
                double d = residuals[(long)s * features + i] - mean[i];
                sq[i] += d * d;
            }
        var sigma = sq.Select(v => Math.Sqrt(v / (count - 1))).ToArray();
        double rms = Math.Sqrt(sigma.Average(v => v * v));
        if (!(rms > 0) || !double.IsFinite(rms))
            throw new ArgumentException("--score standardized: the residuals do not vary on the normal validation samples (every reconstruction is exact or the data is constant), so there is nothing to standardise by; use --score mse.");
        double floor = FloorFraction * rms;
        var weight = sigma.Select(v => (float)(1 / Math.Max(v, floor))).ToArray();
        return new ResidualStandardization(new EquatableArray<float>(mean.Select(v => (float)v).ToArray()), new EquatableArray<float>(weight), floor);
    }

    /// <summary>
    /// The standardised score of each residual row, in the contract's float32 order: for int8 and int16 residuals these
    /// are the generated code's scores bit for bit (r − 0 is r, so scoring a residual row against zeros is scoring the codes).
    /// </summary>
    public static double[] Scores(float[] residuals, int count, ResidualStandardization z)
    {
        int n = z.Mean.Count;
        var zeros = new float[n];
        var scores = new double[count];
        ReadOnlySpan<float> mean = z.Mean.AsArray(), weight = z.Weight.AsArray();
        for (int s = 0; s < count; s++) scores[s] = StandardizedError.MeanSquared(residuals.AsSpan(s * n, n), zeros, mean, weight);
        return scores;
    }
}
