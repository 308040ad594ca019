using System.CommandLine;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae calibrate</c>: re-measure activation ranges and choose the anomaly threshold on held-out normal data.</summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae); it is updated in place (atomically) unless --out is given." };
        var data = new DataArguments();
        var method = new Option<string>("--method") { Description = $"Threshold rule: {ThresholdCalibrator.Help}.", DefaultValueFactory = _ => "percentile:99" };
        var score = new Option<string>("--score") { Description = "Score the threshold applies to: mse (mean squared reconstruction error), standardized (each feature's residual divided by its spread on the normal validation data: a diagonal Mahalanobis distance), or neg_elbo (VAE, int8 and float32).", DefaultValueFactory = _ => "mse" };
        var precision = new Option<string>("--precision") { Description = $"Scores of which precision to calibrate on: {PrecisionScores.Help}; each precision keeps its own threshold.", DefaultValueFactory = _ => "float32" };
        var output = new Option<string?>("--out", "-o") { Description = "Write the calibrated model here instead of updating the input." };
        var command = new Command("calibrate", "Choose the anomaly threshold from held-out normal data (validation split) and store it with its statistics.");
        command.Arguments.Add(model);
        data.AddTo(command);
        foreach (var o in new Option[] { method, score, precision, output }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var progress = EvaluationProgress.Begin("calibrate");
            string path = r.GetValue(model)!;
            var m = ModelImporter.Load(path);
            var (spec, options) = data.ReadForModel(r, m);
            var splits = DataSources.Load(spec, options);
            DataArguments.Fits(m, splits.Validation, spec);
            splits = FrontEnd.ModelFeatures.Map(splits, d => FrontEnd.ModelFeatures.Of(m, d));
            var normal = splits.IsAnomaly is null ? splits.Validation : splits.Validation.Where(l => !splits.IsAnomaly(l));
            var x = Normalizer.Apply(m.Normalization, normal);
            string scoreName = r.GetValue(score)!;
            if (scoreName is not ("mse" or "standardized" or "neg_elbo")) throw new ArgumentException($"--score \"{scoreName}\": use mse, standardized or neg_elbo.");
            if (scoreName == "neg_elbo" && m.Kind != Compiler.Model.ModelKind.Variational) throw new ArgumentException("--score neg_elbo needs a VAE.");
            string p = r.GetValue(precision)!;
            PrecisionScores.Validate(p);
            // Ranges are re-measured only for float32: an integer threshold must belong to the quantization it scored.
            if (p == "float32" || !m.InputRange.IsKnown) m = RangeCalibrator.Calibrate(m, x, normal.Count);
            Threshold t;
            if (scoreName == "standardized")
            {
                var residuals = ResidualStandardizer.Residuals(m, normal, p);
                var z = ResidualStandardizer.Fit(residuals, normal.Count, m.FeatureSize);
                t = ThresholdCalibrator.Fit(ResidualStandardizer.Scores(residuals, normal.Count, z), r.GetValue(method)!, p, scoreName) with { Standardization = z };
            }
            else
            {
                var (mse, negElbo) = PrecisionScores.Compute(m, normal, p);
                if (scoreName == "neg_elbo" && negElbo is null) throw new ArgumentException($"--score neg_elbo is not available at {p}: the generated code computes −ELBO in float32 and int8; use --score mse or standardized.");
                t = ThresholdCalibrator.Fit(scoreName == "mse" ? mse : negElbo!, r.GetValue(method)!, p, scoreName);
            }
            var kept = m.Thresholds.Where(o => o.Precision != p).ToList();
            if (p == "float32" && kept.RemoveAll(o => o.Precision != "float32") > 0)
                Console.Error.WriteLine("note: activation ranges were re-measured, so the int8/int16 thresholds were dropped; calibrate them again with --precision int8|int16");
            m = m with { Thresholds = new(kept.Append(t).ToArray()) };
            string target = r.GetValue(output) ?? path;
            AtomicFile.WriteAllText(target, ModelFileWriter.Write(m));
            Console.WriteLine($"{target}: {p} threshold {EvalCommand.F(t.Value)} on {t.Score} ({t.Method}:{t.Parameter} of {t.Samples} normal samples; mean {EvalCommand.F(t.Mean)}, std {EvalCommand.F(t.StdDev)}, max {EvalCommand.F(t.Max)})");
            return 0;
        }));
        return command;
    }
}
