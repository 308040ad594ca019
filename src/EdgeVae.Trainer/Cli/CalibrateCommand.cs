using System.CommandLine;
using EdgeVae.Generator.ModelFormat;
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
        var score = new Option<string>("--score") { Description = "Score the threshold applies to: mse, or neg_elbo (VAE).", DefaultValueFactory = _ => "mse" };
        var precision = new Option<string>("--precision") { Description = "Scores of which precision to calibrate on: float32 (int8/int16 arrive with the quantizer).", DefaultValueFactory = _ => "float32" };
        var output = new Option<string?>("--out", "-o") { Description = "Write the calibrated model here instead of updating the input." };
        var command = new Command("calibrate", "Choose the anomaly threshold from held-out normal data (validation split) and store it with its statistics.");
        command.Arguments.Add(model);
        data.AddTo(command);
        foreach (var o in new Option[] { method, score, precision, output }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string path = r.GetValue(model)!;
            var m = ModelImporter.Load(path);
            var (spec, options) = data.ReadForModel(r, m);
            var splits = DataSources.Load(spec, options);
            var normal = splits.IsAnomaly is null ? splits.Validation : splits.Validation.Where(l => !splits.IsAnomaly(l));
            var x = Normalizer.Apply(m.Normalization, normal);
            string scoreName = r.GetValue(score)!;
            if (scoreName is not ("mse" or "neg_elbo")) throw new ArgumentException($"--score \"{scoreName}\": use mse or neg_elbo.");
            if (scoreName == "neg_elbo" && m.Kind != Generator.Model.ModelKind.Variational) throw new ArgumentException("--score neg_elbo needs a VAE.");
            string p = r.GetValue(precision)!;
            if (p != "float32") throw new ArgumentException($"--precision {p}: only float32 scores can be calibrated by this version.");
            m = RangeCalibrator.Calibrate(m, x, normal.Count);
            var (mse, negElbo) = Scorer.Score(ModelImporter.Build<float>(m), x, normal.Count);
            var t = ThresholdCalibrator.Fit(scoreName == "mse" ? mse : negElbo!, r.GetValue(method)!, p, scoreName);
            m = m with { Thresholds = new(m.Thresholds.Where(o => o.Precision != p).Append(t).ToArray()) };
            string target = r.GetValue(output) ?? path;
            AtomicFile.WriteAllText(target, ModelFileWriter.Write(m));
            Console.WriteLine($"{target}: {p} threshold {EvalCommand.F(t.Value)} on {t.Score} ({t.Method}:{t.Parameter} of {t.Samples} normal samples; mean {EvalCommand.F(t.Mean)}, std {EvalCommand.F(t.StdDev)}, max {EvalCommand.F(t.Max)})");
            return 0;
        }));
        return command;
    }
}
