using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// Begins one branch of a front-end that differs per channel: the raw window's channels <see cref="Channels"/> (indices
    /// into its <see cref="InputChannels"/> interleaved channels, in the order given), still interleaved by step
    /// (ONNX's Gather on the channel axis). A select always reads the graph's input, not the op before it: the front-end
    /// is branches of select, then a chain of front-end ops (or none: the raw samples are the features), joined by
    /// <see cref="ConcatOp"/> (<see cref="FrontEndGraph"/>). Moves data only.
    /// </summary>
    public sealed record SelectOp(string Name, int InputChannels, EquatableArray<int> Channels) : FrontEndOp(Name)
    {
        public const string TypeName = "select";

        public const int MaxChannels = 4096;

        public override string Type => TypeName;

        public override bool MovesDataOnly => true;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 1) throw Error("takes the raw window [steps·channels] but gets " + input);
            if (input.Size % InputChannels != 0) throw Error("takes " + InputChannels + " interleaved channels but the window's " + input.Size + " values are not a multiple of that");
            if (Channels.Count == 0) throw Error("selects no channel");
            var seen = new bool[InputChannels];
            foreach (int c in Channels)
            {
                if (c < 0 || c >= InputChannels) throw Error("selects channel " + c + " of a window of " + InputChannels + " channels (0 … " + (InputChannels - 1) + ")");
                if (seen[c]) throw Error("selects channel " + c + " twice");
                seen[c] = true;
            }
            return TensorShape.Features((int)(input.Size / InputChannels * Channels.Count));
        }

        /// <summary>The window's channels selected in the input's own order, every one of them: a select that changes nothing.</summary>
        public bool IsIdentity
        {
            get
            {
                if (Channels.Count != InputChannels) return false;
                for (int c = 0; c < Channels.Count; c++) if (Channels[c] != c) return false;
                return true;
            }
        }

        public override void WriteMembers(OpWriter w)
        {
            w.Int("input_channels", InputChannels);
            w.Ints("channels", Channels.AsArray());
        }

        internal static SelectOp Read(MemberReader r, string name)
        {
            int inputs = r.Int("input_channels", 1, MaxChannels);
            return new SelectOp(name, inputs, new EquatableArray<int>(r.Ints("channels", inputs, 0, inputs - 1, anyCount: true)));
        }
    }
}
