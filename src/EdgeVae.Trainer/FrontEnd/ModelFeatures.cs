using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.FrontEnd;

/// <summary>
/// Raw windows to the features a model's network takes. Every command that scores, calibrates or reports goes through the
/// fixed-point front-end (<see cref="FrontEndSimulation"/>), because that is what every generated flavor computes;
/// training uses the float front-end (<see cref="FloatFrontEnd{T}"/>). A model without a front-end takes its data as is.
/// </summary>
public static class ModelFeatures
{
    /// <summary>The features <paramref name="model"/>'s devices compute from <paramref name="raw"/>.</summary>
    public static Dataset Of(ModelDescription model, Dataset raw) => model.FrontEnd is { } frontEnd ? Fixed(frontEnd, raw) : raw;

    /// <summary>Features by the fixed-point front-end.</summary>
    public static Dataset Fixed(FrontEndGraph frontEnd, Dataset raw)
    {
        var branches = new BranchedFrontEnd<float>(frontEnd, chain => new FrontEndSimulation(chain).Features);
        return Map(frontEnd, raw, branches.Features);
    }

    /// <summary>Features by the float front-end.</summary>
    public static Dataset Float(FrontEndGraph frontEnd, Dataset raw)
    {
        var branches = new BranchedFrontEnd<float>(frontEnd, chain => new FloatFrontEnd<float>(chain).Features);
        return Map(frontEnd, raw, branches.Features);
    }

    /// <summary>Features by the fixed-point front-end of one chain over every channel.</summary>
    public static Dataset Fixed(FrontEndChain chain, Dataset raw) => Fixed(FrontEndGraph.Of(chain), raw);

    /// <summary>Features by the float front-end of one chain over every channel.</summary>
    public static Dataset Float(FrontEndChain chain, Dataset raw) => Float(FrontEndGraph.Of(chain), raw);

    private static Dataset Map(FrontEndGraph frontEnd, Dataset raw, BranchedFrontEnd<float>.Chain transform)
    {
        int width = frontEnd.Features;
        var x = new float[(long)raw.Count * width];
        for (int i = 0; i < raw.Count; i++) transform(raw.Row(i), x.AsSpan(i * width, width));
        // One chain over every channel lays its features out as a window (frames × features, interleaved by channel);
        // branches follow one another, each feature's channel in FeatureChannels.
        var single = frontEnd.Single;
        return new Dataset(raw.Name, x, raw.Count, width, raw.Labels, single != null ? DataLayout.TimeWindow : DataLayout.Tabular, raw.Channels,
            single?.ChannelFeatures ?? 0, raw.ChannelNames, raw.ClassNames, raw.SampleRate)
        {
            TimeColumn = raw.TimeColumn, Groups = raw.Groups, GroupNames = raw.GroupNames,
            FeatureChannels = single != null ? null : Enumerable.Range(0, width).Select(frontEnd.ChannelOf).ToArray(),
        };
    }

    /// <summary>The splits' features, each set through <paramref name="map"/>.</summary>
    public static DataSplits Map(DataSplits splits, Func<Dataset, Dataset> map) =>
        splits with { Train = map(splits.Train), Validation = map(splits.Validation), Test = map(splits.Test) };
}
