using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.ModelFiles;
using ScottPlot;

namespace EdgeVae.Trainer.Reports.Plots;

/// <summary>Training and validation loss per epoch from the model file's history, with a VAE's reconstruction and KL parts.</summary>
internal static class LossPlot
{
    public static string Draw(ModelDescription model, string path)
    {
        var history = ModelImporter.Training(model)["history"]?.AsArray();
        var plot = new Plot();
        if (history is null || history.Count == 0)
        {
            plot.Title("no training history in the model file");
            ReportStyle.Save(plot, path);
            return "The model file holds no training history.";
        }
        double[] epochs = history.Select(h => (double)h!["epoch"]!.GetValue<int>()).ToArray();
        double[] Series(string key) => history.Select(h => h![key]?.GetValue<double>() ?? double.NaN).ToArray();
        void Line(string key, string legend, Color color, LinePattern pattern)
        {
            var s = plot.Add.Scatter(epochs, Series(key));
            s.LegendText = legend;
            s.Color = color;
            s.LinePattern = pattern;
            s.MarkerSize = epochs.Length > 40 ? 0 : 4;
        }
        Line("train_loss", "training", Colors.C0, LinePattern.Solid);
        Line("validation_loss", "validation", Colors.C1, LinePattern.Solid);
        // A regularised model's loss has parts; show them when the regulariser is not zero throughout.
        if (Series("validation_regularizer").Any(v => v > 0))
        {
            Line("validation_reconstruction", "validation: reconstruction", Colors.C1, LinePattern.Dashed);
            Line("validation_regularizer", model.Kind == ModelKind.Variational ? "validation: KL" : "validation: regulariser", Colors.C2, LinePattern.Dotted);
        }
        plot.XLabel("epoch");
        plot.YLabel(model.Kind == ModelKind.Variational ? "−ELBO (nats per sample)" : "loss");
        plot.Title("Training and validation loss");
        ReportStyle.LegendOutside(plot);
        ReportStyle.Save(plot, path);
        return $"Final validation loss {history[^1]!["validation_loss"]!.GetValue<double>():G5} after {history.Count} epochs.";
    }
}
