using System.CommandLine;
using System.Globalization;
using EdgeVae.Contract;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Simulation;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary>
/// <c>edgevae adapt</c>: what the on-device learner does to a model deployed on other data, simulated bit for bit: it
/// learns from the deployment data's first normal windows (its training split, in order), then scores the deployment
/// test set with the trained baseline and with the learned one, side by side.
/// </summary>
public static class AdaptCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae), calibrated." };
        var data = new DataArguments();
        var precision = new Option<string>("--precision") { Description = "int8 or int16: the integer code the device runs.", DefaultValueFactory = _ => "int8" };
        var normal = new Option<int>("--normal-windows") { Description = "Normal windows the learner takes for the normalization.", DefaultValueFactory = _ => 256 };
        var threshold = new Option<int>("--threshold-windows") { Description = "Normal windows it then scores for the threshold (0 keeps the trained threshold).", DefaultValueFactory = _ => 256 };
        var sigmas = new Option<double>("--sigmas") { Description = "The learned threshold: the mean normal score plus K standard deviations (as emit --learner-sigmas).", DefaultValueFactory = _ => 3.0 };
        var state = new Option<string?>("--state") { Description = "Write the learned state (one flash slot's bytes, as the device's Baseline.Save writes it) to this file." };
        var command = new Command("adapt", "Simulate the on-device learner on deployment data: false-positive rate and recall per fault with the trained and with the learned baseline.");
        command.Arguments.Add(model);
        data.AddTo(command);
        foreach (var o in new Option[] { precision, normal, threshold, sigmas, state }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string path = r.GetValue(model)!, p = r.GetValue(precision)!;
            if (p is not ("int8" or "int16")) throw new ArgumentException($"--precision \"{p}\": the learner is simulated on the integer code, int8 or int16.");
            var m = ModelImporter.Load(path);
            var (spec, options) = data.ReadForModel(r, m);
            var splits = DataSources.Load(spec, options);
            DataArguments.Fits(m, splits.Train, spec);
            splits = FrontEnd.ModelFeatures.Map(splits, d => FrontEnd.ModelFeatures.Of(m, d));
            var q = PrecisionScores.Quantize(m, p);
            var simulator = new IntegerSimulator(q);
            var learner = BaselineSimulation.Create(m, q, r.GetValue(sigmas));
            var before = Scores(simulator, splits.Test);
            float trained = learner.Threshold;
            int read = BaselineSimulation.Learn(learner, simulator, splits.Train, r.GetValue(normal), r.GetValue(threshold));
            var after = Scores(simulator, splits.Test);

            Console.WriteLine($"model {Path.GetFileName(path)} ({p}), deployed on {splits.Description}");
            Console.WriteLine($"learned from {read} normal windows of {splits.Train.Name}: {r.GetValue(normal)} for the normalization, {r.GetValue(threshold)} for the threshold");
            if (m.FrontEnd is null)
                for (int c = 0; c < m.Data.Channels; c++)
                {
                    string name = c < m.Data.ChannelNames.Count ? m.Data.ChannelNames[c] : "ch" + c;
                    int spread = learner.LearnedSpread(c);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {name,-12} mean {learner.LearnedMean(c) / (double)BaselineLearner.InputOne,8:+0.000;-0.000} σ, spread {(spread == 0 ? "kept (too small)" : (spread / (double)BaselineLearner.InputOne).ToString("0.000", CultureInfo.InvariantCulture) + " σ")} of the trained"));
                }
            else
            {
                // A front-end model learns every feature on its own: a summary instead of a line each.
                var shifts = Enumerable.Range(0, m.FeatureSize).Select(f => Math.Abs(learner.LearnedMean(f) / (double)BaselineLearner.InputOne)).Order().ToArray();
                int kept = Enumerable.Range(0, m.FeatureSize).Count(f => learner.LearnedSpread(f) == 0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {m.FeatureSize} features, each its own mean and spread: mean moved by {shifts[shifts.Length / 2]:0.000} σ (median), {shifts[^1]:0.000} σ (largest); {kept} spreads kept (too small)"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threshold {trained:G6} → {learner.Threshold:G6}"));
            Console.WriteLine();
            Console.WriteLine($"{"",-22} {"trained baseline",18} {"learned baseline",18}");
            Row("AUROC", Auroc(before, splits), Auroc(after, splits), "0.000");
            Row("false-positive rate", Rate(before, splits.Test, trained, l => l == 0), Rate(after, splits.Test, learner.Threshold, l => l == 0), "0.0 %");
            var labels = splits.Test.Labels ?? [];
            foreach (int label in labels.Distinct().Where(l => l != 0).Order())
            {
                string name = splits.Test.ClassNames is { } names && label < names.Length ? names[label] : label.ToString(CultureInfo.InvariantCulture);
                Row("recall " + name, Rate(before, splits.Test, trained, l => l == label), Rate(after, splits.Test, learner.Threshold, l => l == label), "0.0 %");
            }
            if (r.GetValue(state) is string file)
            {
                var slot = new byte[learner.StateBytes];
                learner.Save(slot);
                AtomicFile.Write(file, stream => stream.Write(slot));
                Console.WriteLine($"state: {file} ({slot.Length} bytes)");
            }
            return 0;
        }));
        return command;
    }

    private static double[] Scores(IntegerSimulator simulator, Dataset data)
    {
        var s = new double[data.Count];
        for (int i = 0; i < data.Count; i++) s[i] = simulator.Run(data.Row(i));
        return s;
    }

    private static double Auroc(double[] scores, DataSplits splits) =>
        splits.Test.Labels is { } y && splits.IsAnomaly is { } anomalous ? Metrics.Auroc(scores, y.Select(l => anomalous(l)).ToArray()) : double.NaN;

    /// <summary>The share of the windows whose label passes <paramref name="which"/> that are called anomalous (NaN counts as anomalous, as on the device).</summary>
    private static double Rate(double[] scores, Dataset data, float threshold, Func<int, bool> which)
    {
        int n = 0, hit = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (data.Labels is null || !which(data.Labels[i])) continue;
            n++;
            if (!(scores[i] <= threshold)) hit++;
        }
        return n == 0 ? double.NaN : (double)hit / n;
    }

    private static void Row(string name, double before, double after, string format)
    {
        string F(double v) => double.IsNaN(v) ? "—" : format.EndsWith('%') ? (100 * v).ToString(format[..^2], CultureInfo.InvariantCulture) + " %" : v.ToString(format, CultureInfo.InvariantCulture);
        Console.WriteLine($"{name,-22} {F(before),18} {F(after),18}");
    }
}
