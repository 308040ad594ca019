using System.CommandLine;
using EdgeVae.Trainer.Data;
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
        var command = new Command("report", "Write loss curves, reconstructions, VAE samples, the latent space and the score histogram (PNG) with a Markdown page.");
        command.Arguments.Add(model);
        data.AddTo(command);
        command.Options.Add(output);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var m = ModelImporter.Load(r.GetValue(model)!);
            var (spec, options) = data.ReadForModel(r, m);
            var splits = DataSources.Load(spec, options);
            DataArguments.Fits(m, splits.Test, spec);
            var metrics = EvalCommand.Evaluate(m, splits.Test, splits.IsAnomaly, importanceSamples: 0, seed: 7);
            string page = ReportBuilder.Build(m, splits, r.DefaultedOutput(output), metrics);
            Console.WriteLine($"wrote {page}");
            return 0;
        }));
        return command;
    }
}
