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
    public static Dataset Of(ModelDescription model, Dataset raw) => model.FrontEnd is { } chain ? Fixed(chain, raw) : raw;

    /// <summary>Features by the fixed-point front-end.</summary>
    public static Dataset Fixed(FrontEndChain chain, Dataset raw)
    {
        var sim = new FrontEndSimulation(chain);
        return Map(chain, raw, (row, features) => sim.Features(row, features));
    }

    /// <summary>Features by the float front-end.</summary>
    public static Dataset Float(FrontEndChain chain, Dataset raw)
    {
        var fe = new FloatFrontEnd<float>(chain);
        return Map(chain, raw, (row, features) => fe.Features(row, features));
    }

    private delegate void Transform(ReadOnlySpan<float> row, Span<float> features);

    private static Dataset Map(FrontEndChain chain, Dataset raw, Transform transform)
    {
        int width = chain.Features;
        var x = new float[(long)raw.Count * width];
        for (int i = 0; i < raw.Count; i++) transform(raw.Row(i), x.AsSpan(i * width, width));
        return new Dataset(raw.Name, x, raw.Count, width, raw.Labels, DataLayout.TimeWindow, raw.Channels, chain.ChannelFeatures, raw.ChannelNames, raw.ClassNames, raw.SampleRate)
        {
            TimeColumn = raw.TimeColumn, Groups = raw.Groups, GroupNames = raw.GroupNames,
        };
    }

    /// <summary>The splits' features, each set through <paramref name="map"/>.</summary>
    public static DataSplits Map(DataSplits splits, Func<Dataset, Dataset> map) =>
        splits with { Train = map(splits.Train), Validation = map(splits.Validation), Test = map(splits.Test) };
}
