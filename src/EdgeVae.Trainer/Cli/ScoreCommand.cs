using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae score</c>: one row per sample with its score and decision, as the deployed model computes them.</summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae)." };
        var data = new DataArguments();
        var precision = new Option<string>("--precision") { Description = $"Precision: {PrecisionScores.Help}.", DefaultValueFactory = _ => "float32" };
        var split = new Option<string>("--split") { Description = "Which part of the data: test, validation, train, or all (every sample in file order, unfiltered).", DefaultValueFactory = _ => "test" };
        var output = new Option<string?>("--out", "-o") { Description = "CSV file to write (default: standard output)." };
        var command = new Command("score", "Score every window or image: index, label, score, anomaly flag — the numbers the generated code gives.");
        command.Arguments.Add(model);
        data.AddTo(command);
        foreach (var o in new Option[] { precision, split, output }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var progress = EvaluationProgress.Begin("score");
            var m = ModelImporter.Load(r.GetValue(model)!);
            var (spec, options) = data.ReadForModel(r, m);
            string which = r.GetValue(split)!;
            var d = which == "all" ? DataSources.LoadWhole(spec, options) : which switch
            {
                "test" => DataSources.Load(spec, options).Test,
                "validation" => DataSources.Load(spec, options).Validation,
                "train" => DataSources.Load(spec, options).Train,
                var s => throw new ArgumentException($"--split \"{s}\": use test, validation, train or all."),
            };
            d = DataArguments.Fits(m, d, spec);
            string p = r.GetValue(precision)!;
            var threshold = m.ThresholdFor(p);
            var scores = PrecisionScores.ComputeAll(m, d, p).For(threshold);
            var sb = new StringBuilder("index,label,score,anomaly\n");
            for (int i = 0; i < d.Count; i++)
            {
                string label = d.Labels is null ? "" : d.Labels[i].ToString(CultureInfo.InvariantCulture);
                string flag = threshold is null ? "" : scores[i] > threshold.Value ? "1" : "0";
                sb.Append(CultureInfo.InvariantCulture, $"{i},{label},{scores[i].ToString("R", CultureInfo.InvariantCulture)},{flag}\n");
            }
            if (r.GetValue(output) is { } path)
            {
                AtomicFile.WriteAllText(path, sb.ToString());
                Console.Error.WriteLine($"wrote {d.Count} scores ({p}{(threshold is null ? ", no threshold calibrated for this precision" : $", threshold {threshold.Value:G6}")}) to {path}");
            }
            else Console.Write(sb.ToString());
            return 0;
        }));
        return command;
    }
}
