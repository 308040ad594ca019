using System.Globalization;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.FrontEnd;

/// <summary>
/// <c>train --features</c> in full: one <see cref="FeatureSpec"/> for every channel (<c>log-mel:frame=64</c>), or branches
/// that differ per channel, separated by ';', each <c>CHANNELS=KIND[:key=value,…]</c> with CHANNELS the channels' names
/// or 0-based indices joined by '+' (a branch without them takes every channel):
/// <c>accel_x+accel_y+accel_z=log-bands:frame=128,edges=0/50/500;current=stats:frame=128</c>. A branch of kind raw
/// passes its channels' samples as features, beside another branch's spectra: <c>current=raw;log-mel:frame=64</c>.
/// The features of the branches follow one another in the order given.
/// </summary>
public sealed record FrontEndSpec(IReadOnlyList<FrontEndSpec.Branch> Branches)
{
    /// <summary>One branch: the channels it takes (null: every one) and what it computes from them.</summary>
    public sealed record Branch(string[]? Channels, FeatureSpec Spec)
    {
        public override string ToString() => Channels is null ? Spec.ToString() : string.Join('+', Channels) + "=" + Spec;
    }

    public const string Help = FeatureSpec.Help + "; or branches per channel separated by ';', each CHANNELS=KIND[:…] with channel names or indices joined by '+' (e.g. accel_x+accel_y=log-bands:frame=128,edges=0/50/500;current=stats:frame=128)";

    /// <summary>Whether the network takes the raw window as it is (one branch, raw, every channel).</summary>
    public bool IsRaw => Branches.Count == 1 && Branches[0].Channels is null && Branches[0].Spec.IsRaw;

    public static FrontEndSpec Parse(string text)
    {
        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0)) throw new ArgumentException($"--features \"{text}\": an empty branch between ';' separators; give CHANNELS=KIND[:…] for each.");
        var branches = new List<Branch>();
        foreach (string part in parts)
        {
            int colon = part.IndexOf(':'), eq = part.IndexOf('=');
            // CHANNELS= comes before the kind, so its '=' precedes any ':' (a kind's own keys come after it).
            bool selects = eq > 0 && (colon < 0 || eq < colon);
            string[]? channels = null;
            if (selects)
            {
                channels = part[..eq].Split('+', StringSplitOptions.TrimEntries);
                if (channels.Any(c => c.Length == 0)) throw new ArgumentException($"--features \"{text}\": \"{part[..eq]}\" names an empty channel; join channel names or indices with '+'.");
            }
            branches.Add(new Branch(channels, FeatureSpec.Parse(selects ? part[(eq + 1)..] : part)));
        }
        if (branches.Count > 1 && branches.All(b => b.Spec.IsRaw))
            throw new ArgumentException($"--features \"{text}\": every branch is raw; give the raw window as it is (--features raw) or a front-end in one branch.");
        return new FrontEndSpec(branches);
    }

    public override string ToString() => string.Join(';', Branches.Select(b => b.ToString()));

    /// <summary>
    /// The front-end's ops for windows of <paramref name="train"/>: one branch over every channel is a chain as
    /// <see cref="FeatureSpec.Build"/> makes it; branches are each a select, the branch's chain (none for raw) with its
    /// ops named frontend.B.…, and one concat.
    /// </summary>
    public Op[] Build(Dataset train, bool pcm)
    {
        if (IsRaw) return [];
        var resolved = Branches.Select(b => (Channels: Resolve(b, train), b.Spec)).ToArray();
        // One branch over every channel in order is no branch: a chain as always, or (raw) no front-end at all.
        if (resolved.Length == 1 && resolved[0].Channels.SequenceEqual(Enumerable.Range(0, train.Channels)))
            return resolved[0].Spec.IsRaw ? [] : resolved[0].Spec.Build(train, pcm);
        if (train.Layout != DataLayout.TimeWindow || train.Window <= 0)
            throw new ArgumentException($"--features {this}: branches per channel take channels of time windows; this data is not a time series.");
        var ops = new List<Op>();
        for (int b = 0; b < resolved.Length; b++)
        {
            var (channels, spec) = resolved[b];
            ops.Add(new SelectOp($"frontend.{b}.select", train.Channels, new EquatableArray<int>(channels)));
            if (spec.IsRaw) continue;
            string prefix = $"frontend.{b}.";
            ops.AddRange(spec.Build(Select(train, channels), pcm).Select(op => op with { Name = prefix + op.Name["frontend.".Length..] }));
        }
        ops.Add(new ConcatOp("frontend.concat"));
        try
        {
            var walk = new ShapeWalk(TensorShape.Features(train.Width));
            foreach (var op in ops) walk.Next(op);
            var normalize = new NormalizeOp("normalize", NormalizationMethod.ZScore, EquatableArray<float>.Empty, EquatableArray<float>.Empty);
            _ = FrontEndGraph.Of(new ModelGraph(TensorShape.Features(train.Width), new EquatableArray<Op>([.. ops, normalize]), ""));
        }
        catch (GraphException e)
        {
            throw new ArgumentException($"--features {this}: {e.Message}");
        }
        return ops.ToArray();
    }

    /// <summary>The window's channels of <paramref name="train"/> that <paramref name="branch"/> names, by name or index.</summary>
    private int[] Resolve(Branch branch, Dataset train)
    {
        if (branch.Channels is null) return Enumerable.Range(0, train.Channels).ToArray();
        var result = new List<int>();
        foreach (string name in branch.Channels)
        {
            int c = Array.IndexOf(train.ChannelNames, name);
            if (c < 0 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < train.Channels) c = index;
            if (c < 0)
                throw new ArgumentException($"--features {this}: \"{name}\" is not a channel of this data; its channels are {string.Join(", ", train.ChannelNames.Select((n, i) => $"{n} ({i})"))}.");
            if (result.Contains(c)) throw new ArgumentException($"--features {this}: channel \"{name}\" is named twice in one branch.");
            result.Add(c);
        }
        return result.ToArray();
    }

    /// <summary>The windows of <paramref name="data"/> with only <paramref name="channels"/>, in that order (still interleaved by step).</summary>
    public static Dataset Select(Dataset data, IReadOnlyList<int> channels)
    {
        int k = channels.Count, steps = data.Window;
        var x = new float[(long)data.Count * steps * k];
        for (int i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            for (int t = 0; t < steps; t++)
                for (int c = 0; c < k; c++) x[((long)i * steps + t) * k + c] = row[t * data.Channels + channels[c]];
        }
        return new Dataset(data.Name, x, data.Count, steps * k, data.Labels, DataLayout.TimeWindow, k, steps,
            channels.Select(c => data.ChannelNames[c]).ToArray(), data.ClassNames, data.SampleRate)
        {
            TimeColumn = data.TimeColumn, Groups = data.Groups, GroupNames = data.GroupNames,
        };
    }
}
