using System.Collections.Generic;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters
{
    /// <summary>
    /// The front-end as both flavors emit it: one part per branch — a chain in fixed point, in a nested class of its own
    /// (<c>FrontEnd0</c>, <c>FrontEnd1</c>, …), or the raw samples of some channels — laid out one after the other in the
    /// features, and what the streaming scorers and the budgets need of them.
    /// </summary>
    internal sealed class FrontEndLayout
    {
        private FrontEndLayout(FrontEndGraph graph, List<Part> parts, int inputChannels, int steps)
        {
            Graph = graph;
            Parts = parts;
            InputChannels = inputChannels;
            Steps = steps;
        }

        public FrontEndGraph Graph { get; }

        public IReadOnlyList<Part> Parts { get; }

        /// <summary>The window's channels.</summary>
        public int InputChannels { get; }

        /// <summary>The window's time steps.</summary>
        public int Steps { get; }

        /// <summary>Feature i comes from channel i mod channels (no table needed for the per-channel shares).</summary>
        public bool Interleaved => Graph.Interleaved;

        /// <summary>The window's channel of every feature (the per-channel shares' table when not <see cref="Interleaved"/>).</summary>
        public IEnumerable<int> FeatureChannels
        {
            get
            {
                for (int i = 0; i < Graph.Features; i++) yield return Graph.ChannelOf(i);
            }
        }

        /// <summary>Whether a streaming scorer has frames to carry over: some part has more than one.</summary>
        public bool Streams
        {
            get
            {
                foreach (var p in Parts) if (p.Branch.Frames > 1) return true;
                return false;
            }
        }

        /// <summary>Bytes of the parts' tables (and of the feature-to-channel table).</summary>
        public long FlashBytes
        {
            get
            {
                long n = Interleaved ? 0 : 4L * Graph.Features;
                foreach (var p in Parts) if (p.Quantized != null) n += p.Quantized.FlashBytes;
                return n;
            }
        }

        /// <summary>
        /// The front-end's public constants, as both flavors declare them: one chain's FrameLength, FrameHop, Frames and
        /// FrameFeatures (its nested class's), or for branches their count and the hop every streaming hop is a multiple of.
        /// </summary>
        public void EmitConstants(IndentedWriter w)
        {
            if (Graph.Single != null)
            {
                w.Line("/// <summary>The front-end: frames of FrameLength samples every FrameHop, FrameFeatures features each, per channel.</summary>");
                w.Line("public const int FrameLength = FrontEnd0.FrameLength;");
                w.Line("public const int FrameHop = FrontEnd0.FrameHop;");
                w.Line("public const int Frames = FrontEnd0.Frames;");
                w.Line("public const int FrameFeatures = FrontEnd0.FrameFeatures;");
                return;
            }
            w.Line("/// <summary>Branches of the front-end, each some channels' features (or raw samples), one after the other.</summary>");
            w.Line("public const int FrontEndBranches = " + Graph.Branches.Count + ";");
            w.Line("/// <summary>Every branch's frame hop divides this: a streaming hop is a multiple of it.</summary>");
            w.Line("public const int FrameHop = " + Graph.StreamingHop + ";");
        }

        /// <summary>
        /// The body of <c>ComputeFeatures(input, features, hop)</c>'s loop over the branches, one statement each: a chain's
        /// flavor-specific call (<paramref name="chainCall"/>, given the part and its first frame), a raw branch's copy of
        /// its channels' samples (step t of its channel c at t·k + c, as in the window), the same in both flavors.
        /// </summary>
        public void EmitBranches(IndentedWriter w, System.Func<Part, string, string> chainCall)
        {
            foreach (var part in Parts)
            {
                var b = part.Branch;
                string first = "hop == 0 ? 0 : " + part.FirstFrame("hop");
                if (part.Quantized != null)
                {
                    w.Line(chainCall(part, first));
                    continue;
                }
                w.Open("for (int t = " + first + "; t < " + b.Steps + "; t++)");
                for (int c = 0; c < b.Channels.Count; c++)
                    w.Line("features[" + b.Offset + " + t * " + b.Channels.Count + " + " + c + "] = input[t * Channels + " + b.Channels[c] + "];");
                w.Close();
            }
        }

        /// <summary>
        /// A stream's carry-over, as both flavors run it: per branch, the frames the window moved by <paramref name="hop"/>
        /// shares with the one before move to the branch's start in <paramref name="features"/> (a frame's features for all
        /// its channels are one run), the new ones computed, and <c>reused</c> counts the carried frames (raw steps not).
        /// Without Math: nanoFramework's mscorlib has none.
        /// </summary>
        public void EmitCarryOver(IndentedWriter w, string features, string hop)
        {
            w.Line("int shift, reused = 0;");
            foreach (var p in Parts)
            {
                var b = p.Branch;
                w.Line("shift = " + hop + " / " + b.FrameHop + " < " + b.Frames + " ? " + hop + " / " + b.FrameHop + " : " + b.Frames + ";");
                w.Line("Array.Copy(" + features + ", " + b.Offset + " + shift * " + b.FrameSize + ", " + features + ", " + b.Offset + ", (" + b.Frames + " - shift) * " + b.FrameSize + ");");
                if (!b.IsRaw) w.Line("reused += " + b.Frames + " - shift;");
            }
            w.Line("ComputeFeatures(window, " + features + ", " + hop + ");");
        }

        public static FrontEndLayout? Of(ModelDescription model)
        {
            var graph = model.FrontEnd;
            if (graph == null) return null;
            var parts = new List<Part>();
            for (int b = 0; b < graph.Branches.Count; b++)
            {
                var branch = graph.Branches[b];
                parts.Add(new Part(b, branch, branch.Chain == null ? null : QuantizedFrontEnd.For(branch.Chain)));
            }
            return new FrontEndLayout(graph, parts, graph.InputChannels, (int)(model.InputSize / graph.InputChannels));
        }

        /// <summary>One branch: its place in the features, its fixed-point constants (none for raw samples), its multiply-accumulates.</summary>
        public sealed class Part
        {
            public Part(int index, FrontEndBranch branch, QuantizedFrontEnd? quantized)
            {
                Index = index;
                Branch = branch;
                Quantized = quantized;
            }

            public int Index { get; }

            public FrontEndBranch Branch { get; }

            public QuantizedFrontEnd? Quantized { get; }

            /// <summary>The nested class that holds a chain's constants and code.</summary>
            public string Class => "FrontEnd" + Index;

            /// <summary>
            /// The first frame to compute when a stream moves by <paramref name="hop"/> (a C# expression of int), the
            /// frames before it carried over: Frames − min(Frames, hop / FrameHop), without Math (nanoFramework's mscorlib has none).
            /// </summary>
            public string FirstFrame(string hop) => "(" + hop + " / " + Branch.FrameHop + " < " + Branch.Frames + " ? " + Branch.Frames + " - " + hop + " / " + Branch.FrameHop + " : 0)";
        }
    }
}
