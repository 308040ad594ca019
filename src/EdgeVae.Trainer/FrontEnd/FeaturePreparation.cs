using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.FrontEnd;

/// <summary>What training with <c>--features</c> starts from: the front-end's ops for the data, and every split's features by the float front-end.</summary>
public static class FeaturePreparation
{
    /// <summary>
    /// The ops of <paramref name="features"/> (a <see cref="FrontEndSpec"/>; null or "raw": none) built on
    /// <paramref name="raw"/>'s training windows, the front-end they form, and the splits as the network trains on them.
    /// </summary>
    public static (Op[] Ops, FrontEndGraph? FrontEnd, DataSplits Splits) Prepare(string? features, DataSplits raw, bool pcm)
    {
        if (features is null || FrontEndSpec.Parse(features) is not { IsRaw: false } spec) return ([], null, raw);
        var ops = spec.Build(raw.Train, pcm);
        if (ops.Length == 0) return ([], null, raw);
        var input = TensorShape.Features(raw.Train.Width);
        var normalize = new NormalizeOp("normalize", NormalizationMethod.ZScore, EquatableArray<float>.Empty, EquatableArray<float>.Empty);
        var frontEnd = FrontEndGraph.Of(new ModelGraph(input, new EquatableArray<Op>([.. ops, normalize]), ""))!;
        return (ops, frontEnd, ModelFeatures.Map(raw, d => ModelFeatures.Float(frontEnd, d)));
    }
}
