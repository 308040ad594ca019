using System.Collections.Generic;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// One branch of the front-end: some of the window's channels (<see cref="Channels"/>, indices into the window's,
    /// in the branch's order) and the chain that turns them into features — or no chain, and the branch's features are
    /// the raw samples of those channels. Either way its features lie frame after frame, each frame's features
    /// interleaved by the branch's channels (a raw branch's frame is one step: its features are the window's layout).
    /// </summary>
    /// <param name="Macs">Multiply-accumulates of the branch's ops on one window.</param>
    public sealed record FrontEndBranch(EquatableArray<int> Channels, FrontEndChain? Chain, int Steps, int Offset, long Macs)
    {
        /// <summary>No front-end ops: the selected channels' samples are the features.</summary>
        public bool IsRaw => Chain == null;

        /// <summary>The branch's features: the chain's, or steps × channels raw samples.</summary>
        public int Features => Chain?.Features ?? Steps * Channels.Count;

        /// <summary>Frames of the branch's feature layout (a raw branch's are its steps).</summary>
        public int Frames => Chain?.Frames ?? Steps;

        /// <summary>Features of one frame of one channel (a raw branch's: the sample).</summary>
        public int FrameFeatures => Chain?.FrameFeatures ?? 1;

        /// <summary>Steps between frames (a raw branch's: 1).</summary>
        public int FrameHop => Chain?.Frame.Hop ?? 1;

        /// <summary>Features of one frame, all the branch's channels.</summary>
        public int FrameSize => FrameFeatures * Channels.Count;

        /// <summary>Whether the branch takes every one of the window's <paramref name="channels"/> channels, in their order.</summary>
        public bool TakesAll(int channels)
        {
            if (Channels.Count != channels) return false;
            for (int c = 0; c < channels; c++) if (Channels[c] != c) return false;
            return true;
        }

        /// <summary>The window's channel that feature <paramref name="feature"/> of this branch (counted from its first) comes from.</summary>
        public int ChannelOf(int feature) => Channels[feature % Channels.Count];

        /// <summary>Frames a window that follows the one before by <paramref name="hop"/> steps shares with it (carried over, not computed).</summary>
        public int SharedFrames(int hop) => Frames - System.Math.Min(hop / FrameHop, Frames);

        /// <summary>The chain's ops in order (frame … stats), none for raw samples.</summary>
        internal static System.Collections.Generic.IEnumerable<Op> OpsOf(FrontEndChain chain)
        {
            yield return chain.Frame;
            if (chain.Window != null) yield return chain.Window;
            if (chain.Spectrum != null) yield return chain.Spectrum;
            if (chain.FilterBank != null) yield return chain.FilterBank;
            if (chain.Log != null) yield return chain.Log;
            if (chain.Stats != null) yield return chain.Stats;
        }
    }

    /// <summary>
    /// The front-end: one <see cref="FrontEndChain"/> over every channel (the ops frame … reshape before normalize), or
    /// branches that differ per channel — each a <see cref="SelectOp"/> and a chain or nothing (the raw samples), all
    /// joined by a <see cref="ConcatOp"/> into the network's features, one branch after the other:
    /// <c>select(vibration) frame window spectrum bands log stats transpose reshape · select(current) frame stats transpose
    /// reshape · select(current) · concat · normalize</c>.
    /// </summary>
    public sealed record FrontEndGraph(EquatableArray<FrontEndBranch> Branches, int InputChannels, bool Branched)
    {
        /// <summary>The network's input: every branch's features.</summary>
        public int Features
        {
            get
            {
                int n = 0;
                foreach (var b in Branches) n += b.Features;
                return n;
            }
        }

        /// <summary>The one chain of a front-end without branches (every channel, interleaved), or null.</summary>
        public FrontEndChain? Single => Branched ? null : Branches[0].Chain;

        /// <summary>The window's channel feature <paramref name="feature"/> comes from.</summary>
        public int ChannelOf(int feature)
        {
            foreach (var b in Branches)
            {
                if (feature < b.Offset + b.Features) return b.ChannelOf(feature - b.Offset);
            }
            throw new System.ArgumentOutOfRangeException(nameof(feature), feature, "the front-end gives " + Features + " features");
        }

        /// <summary>
        /// Whether feature i comes from channel i mod channels, as in a window (one chain over every channel in order): then
        /// per-channel shares need no table.
        /// </summary>
        public bool Interleaved
        {
            get
            {
                for (int i = 0; i < Features; i++) if (ChannelOf(i) != i % InputChannels) return false;
                return true;
            }
        }

        /// <summary>
        /// Multiply-accumulates of one window of a stream that moves by <paramref name="hop"/> steps (a multiple of
        /// <see cref="StreamingHop"/>): <paramref name="macsPerInference"/> less each branch's share for the frames it carries over.
        /// </summary>
        public long MacsPerHop(long macsPerInference, int hop)
        {
            long macs = macsPerInference;
            foreach (var b in Branches) macs -= b.SharedFrames(hop) * (b.Macs / b.Frames);
            return macs;
        }

        /// <summary>The hop every streaming hop must be a multiple of: the least common multiple of the branches' frame hops.</summary>
        public int StreamingHop
        {
            get
            {
                int lcm = 1;
                foreach (var b in Branches)
                {
                    int a = lcm, h = b.FrameHop;
                    while (h != 0) (a, h) = (h, a % h);
                    lcm = lcm / a * b.FrameHop;
                }
                return lcm;
            }
        }

        /// <summary>One chain over every channel as a front-end.</summary>
        public static FrontEndGraph Of(FrontEndChain chain) => Whole(chain, (chain.Frames - 1) * chain.Frame.Hop + chain.Frame.Length);

        private static FrontEndGraph Whole(FrontEndChain chain, int steps)
        {
            var all = new int[chain.Channels];
            for (int c = 0; c < all.Length; c++) all[c] = c;
            var branch = new FrontEndBranch(new EquatableArray<int>(all), chain, steps, 0, MacsOf(chain, steps));
            return new FrontEndGraph(new EquatableArray<FrontEndBranch>(new[] { branch }), chain.Channels, false);
        }

        /// <summary>A chain's multiply-accumulates on windows of <paramref name="steps"/> steps of its channels.</summary>
        private static long MacsOf(FrontEndChain chain, int steps)
        {
            var walk = new ShapeWalk(TensorShape.Features(steps * chain.Channels));
            long macs = 0;
            foreach (var op in FrontEndBranch.OpsOf(chain))
            {
                macs += op.Macs(walk.InputOf(op));
                walk.Next(op);
            }
            return macs;
        }

        /// <summary>The front-end of <paramref name="graph"/>'s ops before normalize, or null when it has none; throws <see cref="GraphException"/> when they form none.</summary>
        public static FrontEndGraph? Of(ModelGraph graph)
        {
            int end = 0;
            while (end < graph.Count && !(graph[end] is NormalizeOp)) end++;
            if (end == 0) return null;
            var ops = graph.Ops.AsArray();
            int steps = 1;
            if (!(ops[0] is SelectOp))
            {
                var chain = FrontEndChain.Of(graph.Input, ops, end);
                return Whole(chain, (int)(graph.Input.Size / chain.Channels));
            }
            const string Grammar = "a front-end of branches is select (then a chain of front-end ops, or nothing for the raw samples) for each branch, then concat before normalize";
            var branches = new List<FrontEndBranch>();
            int i = 0, offset = 0, channels = ((SelectOp)ops[0]).InputChannels;
            while (i < end && ops[i] is SelectOp select)
            {
                if (select.InputChannels != channels) throw new GraphException(select.Name, "selects from " + select.InputChannels + " channels, but the first select from " + channels);
                var selected = select.OutputShape(graph.Input);
                steps = (int)(graph.Input.Size / channels);
                int first = ++i;
                while (i < end && !(ops[i] is SelectOp) && !(ops[i] is ConcatOp)) i++;
                FrontEndChain? chain = null;
                if (i > first)
                {
                    if (ops[first] is FrameOp frame && frame.Channels != select.Channels.Count)
                        throw new GraphException(frame.Name, "frames " + frame.Channels + " channels, but the select before it gives " + select.Channels.Count);
                    var sub = new List<Op>();
                    for (int k = first; k <= i && k < ops.Length; k++) sub.Add(ops[k]);
                    chain = FrontEndChain.Of(selected, sub, i - first);
                }
                var branch = new FrontEndBranch(select.Channels, chain, steps, offset, chain == null ? 0 : MacsOf(chain, steps));
                branches.Add(branch);
                offset += branch.Features;
            }
            if (i != end - 1 || !(ops[i] is ConcatOp)) throw new GraphException(i < end ? ops[i].Name : "normalize", Grammar);
            return new FrontEndGraph(new EquatableArray<FrontEndBranch>(branches.ToArray()), channels, true);
        }
    }
}
