using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Models;
using EdgeVae.Compiler.Graph;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae eval</c>: reconstruction, likelihood and detection metrics of a model file on test data.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae)." };
        var data = new DataArguments();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (keys documented in README) instead of a table." };
        var samples = new Option<int>("--importance-samples") { Description = "VAE: samples k for the importance-sampled log-likelihood (0 skips it).", DefaultValueFactory = _ => 100 };
        var seed = new Option<ulong>("--seed") { Description = "Seed for sampled quantities (noise, z).", DefaultValueFactory = _ => 7UL };
        var precision = new Option<string>("--precision") { Description = $"Precision to evaluate in: {PrecisionScores.Help}.", DefaultValueFactory = _ => "float32" };
        var command = new Command("eval", "Evaluate a model on its test data: MSE, PSNR, −ELBO, KL, importance-sampled NLL, AUROC, AUPRC.");
        command.Arguments.Add(model);
        data.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(samples);
        command.Options.Add(seed);
        command.Options.Add(precision);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var progress = EvaluationProgress.Begin("eval");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var m = ModelImporter.Load(r.GetValue(model)!);
            var (spec, options) = data.ReadForModel(r, m);
            var (test, isAnomaly) = TestData(m, spec, options);
            test = DataArguments.Fits(m, test, spec);
            string p = r.GetValue(precision)!;
            PrecisionScores.Validate(p);
            var result = p == "float32"
                ? Evaluate(m, test, isAnomaly, r.GetValue(samples), r.GetValue(seed))
                : EvaluateQuantized(m, test, isAnomaly, p);
            result["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
            if (r.GetValue(json)) Console.WriteLine(result.ToJsonString());
            else foreach (var (k, v) in result) Console.WriteLine($"{k,-16} {v}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// What to evaluate on: the test part of the model's own training data, or the whole of a file that is not it (a
    /// separate test file holds nothing the model was trained on, so all of it is test data).
    /// </summary>
    public static (Dataset Test, Func<int, bool>? IsAnomaly) TestData(ModelDescription m, string spec, DataOptions options)
    {
        bool file = spec.StartsWith("csv:", StringComparison.Ordinal) || spec.StartsWith("npy:", StringComparison.Ordinal) || spec.StartsWith("idx:", StringComparison.Ordinal);
        if (file && ModelImporter.TrainingText(m, "data") is string trained && trained != spec)
        {
            var whole = DataSources.LoadWhole(spec, options);
            Console.Error.WriteLine($"eval: all {whole.Count} samples of {spec}, which is not the data the model was trained on ({trained}), so all of it is test data");
            return (whole, whole.Labels is null ? null : l => l != 0);
        }
        var splits = DataSources.Load(spec, options);
        return (splits.Test, splits.IsAnomaly);
    }

    /// <summary>All metrics that apply to the model and data, as the JSON object <c>eval --json</c> prints.</summary>
    public static JsonObject Evaluate(ModelDescription m, Dataset test, Func<int, bool>? isAnomaly, int importanceSamples, ulong seed)
    {
        var x = Normalizer.Apply(m.Normalization, test);
        var net = ModelImporter.Build<float>(m);
        var result = new JsonObject { ["n"] = test.Count };
        // PSNR describes reconstruction of normal data; anomalies are meant to reconstruct badly.
        var normalRows = isAnomaly is not null && test.Labels is not null
            ? Enumerable.Range(0, test.Count).Where(i => !isAnomaly(test.Labels[i])).ToArray()
            : Enumerable.Range(0, test.Count).ToArray();
        var (mse, negElbo) = Scorer.Score(net, x, test.Count);
        result["mse"] = mse.Average();
        double peak = m.Normalization.Method == NormalizationMethod.MinMax ? 1 : m.InputRange.IsKnown ? m.InputRange.Max - m.InputRange.Min : 1;
        result["psnr_db"] = Metrics.Psnr(normalRows.Average(i => mse[i]), peak);
        result["psnr_image_db"] = Metrics.MeanPsnr(normalRows.Select(i => mse[i]), peak);
        if (m.Kind == ModelKind.Denoising)
        {
            var c = net.Config.Corruption!;
            var clean = Normalizer.Apply(m.Normalization, test.Subset(normalRows));
            var noisy = new float[clean.Length];
            c.Apply<float>(clean, noisy, new Numerics.Random.Prng(seed));
            var (denoisedMse, noisyMse) = DenoisingError(net, clean, noisy, normalRows.Length);
            result["noise"] = c.ToString();
            // Two definitions in use: PSNR of the mean squared error over the whole set, and the mean of each sample's PSNR
            // (what image-denoising papers and skimage-based scripts report).
            result["psnr_db"] = Metrics.Psnr(denoisedMse.Average(), peak);
            result["psnr_noisy_db"] = Metrics.Psnr(noisyMse.Average(), peak);
            result["psnr_image_db"] = Metrics.MeanPsnr(denoisedMse, peak);
            result["psnr_image_noisy_db"] = Metrics.MeanPsnr(noisyMse, peak);
        }
        if (m.Kind == ModelKind.Variational)
        {
            var parts = Scorer.SampledElbo(net, x, test.Count, seed);
            result["neg_elbo"] = parts.Total;
            result["recon"] = parts.Reconstruction;
            result["kl"] = parts.Regularizer;
            if (importanceSamples > 0) result["nll_is"] = Scorer.ImportanceSampledNll(net, x, test.Count, importanceSamples, seed);
        }
        AddDetection(result, m, test, isAnomaly, new ModelScores(mse, negElbo, Standardized(m, test, "float32")), "float32");
        return result;
    }

    /// <summary>The metrics of a quantized model, computed from the scores a device would produce.</summary>
    public static JsonObject EvaluateQuantized(ModelDescription m, Dataset test, Func<int, bool>? isAnomaly, string precision)
    {
        var scores = PrecisionScores.ComputeAll(m, test, precision);
        var mse = scores.Mse;
        var result = new JsonObject { ["n"] = test.Count, ["dtype"] = precision, ["mse"] = mse.Average() };
        var normalRows = isAnomaly is not null && test.Labels is not null
            ? Enumerable.Range(0, test.Count).Where(i => !isAnomaly(test.Labels[i])).ToArray()
            : Enumerable.Range(0, test.Count).ToArray();
        double peak = m.Normalization.Method == NormalizationMethod.MinMax ? 1 : m.InputRange.IsKnown ? m.InputRange.Max - m.InputRange.Min : 1;
        result["psnr_db"] = Metrics.Psnr(normalRows.Average(i => mse[i]), peak);
        AddDetection(result, m, test, isAnomaly, scores, precision);
        return result;
    }

    private static double[]? Standardized(ModelDescription m, Dataset test, string precision) =>
        PrecisionScores.StandardizationFor(m, precision) is { } z
            ? ResidualStandardizer.Scores(ResidualStandardizer.Residuals(m, test, precision), test.Count, z) : null;

    private static void AddDetection(JsonObject result, ModelDescription m, Dataset test, Func<int, bool>? isAnomaly, ModelScores all, string precision)
    {
        if (isAnomaly is null || test.Labels is null) return;
        var truth = test.Labels.Select(isAnomaly).ToArray();
        result["anomalies"] = truth.Count(t => t);
        result["auroc"] = Metrics.Auroc(all.Mse, truth);
        result["auprc"] = Metrics.Auprc(all.Mse, truth);
        if (all.Standardized is { } st)
        {
            result["auroc_standardized"] = Metrics.Auroc(st, truth);
            result["auprc_standardized"] = Metrics.Auprc(st, truth);
        }
        if (all.NegElbo is { } ne) result["auroc_neg_elbo"] = Metrics.Auroc(ne, truth);
        if (test.Groups is { } groups)
        {
            // Per clip, as DCASE and MLPerf Tiny score machine sound: the mean of its windows' scores, the clip's label.
            var threshold = m.ThresholdFor(precision);
            var scores = all.For(threshold);
            var (clipScores, clipTruth) = Metrics.PerGroup(scores, truth, groups);
            result["clips"] = clipScores.Length;
            result["auroc_clip"] = Metrics.Auroc(clipScores, clipTruth);
        }
        if (m.ThresholdFor(precision) is { } t)
        {
            var scores = all.For(t);
            result["score"] = t.Score;
            var (p, recall, fpr) = Metrics.AtThreshold(scores, truth, t.Value);
            result["threshold"] = t.Value;
            result["precision"] = p;
            result["recall"] = recall;
            result["false_positive_rate"] = fpr;
            // Recall per anomaly label: which kinds of anomaly the threshold catches.
            var byLabel = new JsonObject();
            foreach (int label in test.Labels.Where(isAnomaly).Distinct().Order())
            {
                var idx = Enumerable.Range(0, test.Count).Where(i => test.Labels[i] == label).ToArray();
                string name = test.ClassNames is { } names && label < names.Length ? names[label] : label.ToString(CultureInfo.InvariantCulture);
                byLabel[name] = Math.Round(idx.Count(i => scores[i] > t.Value) / (double)idx.Length, 4);
            }
            result["recall_by_label"] = byLabel;
        }
        foreach (var key in result.Select(kv => kv.Key).ToArray())
            if (result[key] is JsonValue v && v.TryGetValue(out double d) && !double.IsFinite(d)) result[key] = null;
    }

    /// <summary>Each sample's mean squared error, denoised and noisy, against the clean one.</summary>
    private static (double[] Denoised, double[] Noisy) DenoisingError(Autoencoder<float> net, float[] clean, float[] noisy, int count)
    {
        int width = net.Config.InputSize;
        var input = Numerics.Tensors.Tensor<float>.Zeros(0, 0);
        var output = Numerics.Tensors.Tensor<float>.Zeros(0, 0);
        var denoised = new double[count];
        var raw = new double[count];
        for (int start = 0; start < count; start += 512)
        {
            int rows = Math.Min(512, count - start);
            input.EnsureShape(rows, width);
            noisy.AsSpan(start * width, rows * width).CopyTo(input.Span);
            net.Reconstruct(input, output);
            var y = output.Span;
            for (int i = 0; i < rows * width; i++)
            {
                double c = clean[start * width + i];
                int sample = start + i / width;
                denoised[sample] += (y[i] - c) * (y[i] - c) / width;
                raw[sample] += (noisy[start * width + i] - c) * (noisy[start * width + i] - c) / width;
            }
        }
        return (denoised, raw);
    }

    internal static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
