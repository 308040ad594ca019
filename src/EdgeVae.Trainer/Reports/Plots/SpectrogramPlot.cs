using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;
using ScottPlot;

namespace EdgeVae.Trainer.Reports.Plots;

/// <summary>
/// For a model with a spectral front-end: the features of a normal and of an anomalous window as spectrograms (frames
/// across, bins or bands up, in the front-end's units — dB after a log), each beside its reconstruction, for the channel
/// whose reconstruction the anomaly spoils most (of the first branch that has spectral features, when they differ per
/// channel).
/// </summary>
internal static class SpectrogramPlot
{
    public static bool Applies(ModelDescription model) => Spectral(model) is not null;

    /// <summary>The first branch of the front-end with spectral features, or null.</summary>
    private static Compiler.Graph.FrontEndBranch? Spectral(ModelDescription model) => model.FrontEnd?.Branches.FirstOrDefault(b => b.Chain is { SpectralFeatures: > 0 });

    public static string Draw(ModelDescription model, Models.Autoencoder<float> net, Dataset test, float[] x, Func<int, bool>? isAnomaly, string path)
    {
        var branch = Spectral(model)!;
        var chain = branch.Chain!;
        int width = model.FeatureSize, channels = chain.Channels, frames = chain.Frames, bins = chain.SpectralFeatures, perFrame = chain.FrameFeatures;
        var labels = test.Labels;
        int normal = labels is null || isAnomaly is null ? 0 : Math.Max(0, Array.FindIndex(labels, l => !isAnomaly(l)));
        int anomalous = labels is null || isAnomaly is null ? -1 : Array.FindIndex(labels, l => isAnomaly(l));
        var picks = anomalous >= 0 ? new[] { normal, anomalous } : new[] { normal };
        var chosen = picks.SelectMany(i => x.AsSpan(i * width, width).ToArray()).ToArray();
        var recon = ReconstructionPlot.Reconstruct(net, chosen, picks.Length, width);
        float[] offset = model.Normalization.Offset.AsArray(), scale = model.Normalization.Scale.AsArray();
        double Value(float[] v, int pick, int f, int j, int c)
        {
            int i = branch.Offset + (f * perFrame + j) * channels + c;
            return v[pick * width + i] / scale[i] + offset[i];
        }
        // The channel whose spectral features the anomaly's reconstruction misses most (channel 0 without one).
        int channel = 0;
        if (picks.Length > 1)
        {
            double worst = -1;
            for (int c = 0; c < channels; c++)
            {
                double e = 0;
                for (int f = 0; f < frames; f++)
                    for (int j = 0; j < bins; j++) e += Math.Pow(Value(chosen, 1, f, j, c) - Value(recon, 1, f, j, c), 2);
                if (e > worst) (worst, channel) = (e, c);
            }
        }
        int tiles = 2 * picks.Length;
        var grid = new double[bins, tiles * (frames + 1) - 1];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int p = 0; p < picks.Length; p++)
            for (int k = 0; k < 2; k++)
                for (int f = 0; f < frames; f++)
                    for (int j = 0; j < bins; j++)
                    {
                        double v = Value(k == 0 ? chosen : recon, p, f, j, channel);
                        grid[bins - 1 - j, (2 * p + k) * (frames + 1) + f] = v;
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }
        for (int t = 1; t < tiles; t++)
            for (int j = 0; j < bins; j++) grid[j, t * (frames + 1) - 1] = double.NaN; // a gap between tiles
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.White;
        plot.Add.ColorBar(heatmap);
        plot.Axes.Frameless();
        plot.HideGrid();
        string unit = chain.Log is not null ? "dB" : chain.Spectrum!.Magnitude ? "magnitude" : "power";
        int source = branch.Channels[channel];
        string name = model.Data.ChannelNames.Count > source ? model.Data.ChannelNames[source] : "ch" + source;
        string anomaly = picks.Length > 1 ? ReportStyle.LabelName(test, labels![anomalous]) : "";
        plot.Title(picks.Length > 1 ? $"{name}: normal, its reconstruction, {anomaly}, its reconstruction" : $"{name}: input and reconstruction");
        ReportStyle.Save(plot, path, 1100, 420);
        return $"Spectral features ({unit}; {frames} frames across, {bins} {(chain.FilterBank is null ? "bins" : "bands")} up, low frequencies at the bottom) of test window #{normal}"
            + (picks.Length > 1 ? $" (normal) and #{anomalous} ({anomaly})" : "") + $", each beside its reconstruction, for {name}" + (picks.Length > 1 ? ", the channel the anomaly's reconstruction misses most." : ".");
    }
}
