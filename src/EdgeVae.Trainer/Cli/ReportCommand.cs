using System.CommandLine;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Reports;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae report</c>: PNG plots and a Markdown page for a model on its test data.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae)." };
        var data = new DataArguments();
        var output = new Option<string>("--out", "-o") { Description = "Directory for report.md and the PNGs.", DefaultValueFactory = _ => "report" };
        var command = new Command("report", "Write a Markdown page with the metrics and pictures (PNG): loss, reconstructions, VAE samples, latent space, score histogram, ROC and precision-recall with the operating point, score over time (time series) and error per channel.");
        command.Arguments.Add(model);
        data.AddTo(command);
        command.Options.Add(output);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var progress = EvaluationProgress.Begin("report");
            var m = ModelImporter.Load(r.GetValue(model)!);
            var (spec, options) = data.ReadForModel(r, m);
            var (test, isAnomaly) = EvalCommand.TestData(m, spec, options);
            test = DataArguments.Fits(m, test, spec);
            var metrics = EvalCommand.Evaluate(m, test, isAnomaly, importanceSamples: 0, seed: 7);
            string page = ReportBuilder.Build(m, test, isAnomaly, $"{test.Count} test samples of {test.Name}", r.DefaultedOutput(output), metrics);
            Console.WriteLine($"wrote {page}");
            return 0;
        }));
        return command;
    }
}
