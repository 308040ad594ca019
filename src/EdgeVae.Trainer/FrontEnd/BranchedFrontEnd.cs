using System.Numerics;
using EdgeVae.Compiler.Graph;

namespace EdgeVae.Trainer.FrontEnd;

/// <summary>
/// A front-end's branches over one window (<see cref="FrontEndGraph"/>): each chain computes its features from its
/// channels' samples (the window with only those channels, in the branch's order), a raw branch's features are those
/// samples; the branches' features follow one another. One chain over every channel is the one branch.
/// </summary>
public sealed class BranchedFrontEnd<T> where T : INumberBase<T>
{
    /// <summary>One chain's features from its channels' window.</summary>
    public delegate void Chain(ReadOnlySpan<float> window, Span<T> features);

    private readonly FrontEndGraph _graph;
    private readonly Chain?[] _chains;
    private readonly float[] _selected;

    public BranchedFrontEnd(FrontEndGraph graph, Func<FrontEndChain, Chain> make)
    {
        _graph = graph;
        _chains = graph.Branches.Select(b => b.Chain is null ? null : make(b.Chain)).ToArray();
        _selected = new float[graph.Branches.Max(b => b.Steps * b.Channels.Count)];
    }

    public void Features(ReadOnlySpan<float> raw, Span<T> features)
    {
        if (features.Length != _graph.Features) throw new ArgumentException($"the front-end gives {_graph.Features} features, not {features.Length}");
        int channels = _graph.InputChannels;
        for (int b = 0; b < _chains.Length; b++)
        {
            var branch = _graph.Branches[b];
            int k = branch.Channels.Count;
            ReadOnlySpan<float> window = raw;
            if (!branch.TakesAll(channels))
            {
                if (raw.Length != branch.Steps * channels) throw new ArgumentException($"a window of {raw.Length} values is not the {branch.Steps} steps × {channels} channels the front-end takes");
                var selected = _selected.AsSpan(0, branch.Steps * k);
                for (int t = 0; t < branch.Steps; t++)
                    for (int c = 0; c < k; c++) selected[t * k + c] = raw[t * channels + branch.Channels[c]];
                window = selected;
            }
            var slice = features.Slice(branch.Offset, branch.Features);
            if (_chains[b] is { } chain) chain(window, slice);
            else for (int i = 0; i < slice.Length; i++) slice[i] = T.CreateChecked(window[i]);
        }
    }
}
