using ScottPlot;

namespace EdgeVae.Trainer.Reports.Plots;

/// <summary>What every picture of a report shares: its size, the atomic save, class colours and legends outside the data.</summary>
internal static class ReportStyle
{
    public const int Width = 900, Height = 520;

    private static readonly IPalette Ten = new ScottPlot.Palettes.Category10();
    private static readonly IPalette Twenty = new ScottPlot.Palettes.Category20();

    /// <summary>Written beside the target and moved over it, so a report being rewritten never shows half a picture.</summary>
    public static void Save(Plot plot, string path, int width = Width, int height = Height)
    {
        var temp = path + ".tmp.png";
        plot.SavePng(temp, width, height);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// The colour of class <paramref name="index"/> of <paramref name="classes"/>: Category10 without its grey (grey is for
    /// normal data where a picture sets it apart) up to nine classes, all of Category10 for ten, Category20 beyond (whose
    /// pairs of light and dark shades are told apart less easily).
    /// </summary>
    public static Color ClassColor(int index, int classes) =>
        classes <= 9 ? Ten.GetColor(index < 7 ? index : index + 1) : classes == 10 ? Ten.GetColor(index) : Twenty.GetColor(index);

    /// <summary>A marker shape per block of twenty classes, so classes beyond twenty stay apart.</summary>
    public static MarkerShape ClassShape(int index) => (index / 20) switch
    {
        0 => MarkerShape.FilledCircle,
        1 => MarkerShape.FilledSquare,
        2 => MarkerShape.FilledTriangleUp,
        _ => MarkerShape.FilledDiamond,
    };

    /// <summary>The legend in its own panel to the right of the data, where it cannot cover a curve.</summary>
    public static void LegendOutside(Plot plot) => plot.ShowLegend(Edge.Right);

    /// <summary>Display name of a label: its class name when the data has one.</summary>
    public static string LabelName(Data.Dataset data, int label) =>
        data.ClassNames is { } names && label >= 0 && label < names.Length ? names[label] : "label " + label;

    /// <summary>Channel <paramref name="c"/>'s name in the data contract, or ch c.</summary>
    public static string ChannelName(Compiler.Model.ModelDescription model, int c) =>
        c < model.Data.ChannelNames.Count ? model.Data.ChannelNames[c] : "ch" + c;

    /// <summary>The normalised unit in a few words, for crowded axes.</summary>
    public static string ShortUnits(Compiler.Model.ModelDescription model) => model.Normalization.Method switch
    {
        Compiler.Graph.NormalizationMethod.ZScore => "normalised values, σ units",
        Compiler.Graph.NormalizationMethod.MinMax => "normalised values, 0–1",
        _ => "data units",
    };

    /// <summary>The axis description of normalised values for the model's normalization.</summary>
    public static string NormalizedUnits(Compiler.Model.ModelDescription model) => model.Normalization.Method switch
    {
        Compiler.Graph.NormalizationMethod.ZScore => "normalised value (σ of the training data from its mean)",
        Compiler.Graph.NormalizationMethod.MinMax => "normalised value (0–1 of the training range)",
        _ => "value (data units)",
    };
}
