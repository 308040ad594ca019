using EdgeVae.Compiler.Graph;
using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.FrontEnd;

/// <summary>What training with <c>--features</c> starts from: the front-end's ops for the data, and every split's features by the float front-end.</summary>
public static class FeaturePreparation
{
    /// <summary>
    /// The ops of <paramref name="features"/> (a <see cref="FeatureSpec"/>; null or "raw": none) built on
    /// <paramref name="raw"/>'s training windows, and the splits as the network trains on them.
    /// </summary>
    public static (Op[] Ops, FrontEndChain? Chain, DataSplits Splits) Prepare(string? features, DataSplits raw, bool pcm)
    {
        if (features is null || FeatureSpec.Parse(features) is not { IsRaw: false } spec) return ([], null, raw);
        var ops = spec.Build(raw.Train, pcm);
        var chain = FrontEndChain.Of(TensorShape.Features(raw.Train.Width), ops, ops.Length);
        return (ops, chain, ModelFeatures.Map(raw, d => ModelFeatures.Float(chain, d)));
    }
}
