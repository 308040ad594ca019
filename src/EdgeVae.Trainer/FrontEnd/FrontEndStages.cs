using EdgeVae.Compiler.Graph;

namespace EdgeVae.Trainer.FrontEnd;

/// <summary>The ops of a front-end whose outputs a trace records, in order: frame, window, spectrum, filter bank, log (those it has).</summary>
public static class FrontEndStages
{
    public static IReadOnlyList<Op> Of(FrontEndChain chain)
    {
        var ops = new List<Op> { chain.Frame };
        if (chain.Window is not null) ops.Add(chain.Window);
        if (chain.Spectrum is not null) ops.Add(chain.Spectrum);
        if (chain.FilterBank is not null) ops.Add(chain.FilterBank);
        if (chain.Log is not null) ops.Add(chain.Log);
        if (chain.Stats is not null) ops.Add(chain.Stats);
        return ops;
    }

    public static int Count(FrontEndChain chain) => Of(chain).Count;
}
