using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// Nearest-neighbour upsampling along the length, <c>[c × l]</c> → <c>[c × l·factor]</c> (PyTorch's
    /// <c>nn.Upsample(scale_factor, mode="nearest")</c>): the decoder's counterpart of a strided convolution, followed by a
    /// stride-1 convolution. Chosen over a transposed convolution because it needs no kernel of its own (the decoder's
    /// multiply-accumulates run in the one Conv1D kernel), is exact in integers (a copy) and does not make the
    /// checkerboard artefacts of overlapping transposed kernels.
    /// </summary>
    public sealed record UpsampleOp(string Name, int Factor) : Op(Name)
    {
        public const string TypeName = "upsample";

        public const int MaxFactor = 64;

        public override string Type => TypeName;

        public override bool MovesDataOnly => true;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 2) throw Error("takes [channels × length] but gets " + input);
            if ((long)input.Length * Factor * input.Channels > TensorShape.MaxSize) throw Error("would hold more than " + TensorShape.MaxSize + " values");
            return TensorShape.Sequence(input.Channels, input.Length * Factor);
        }

        public override void WriteMembers(OpWriter w) => w.Int("scale_factor", Factor);

        internal static UpsampleOp Read(MemberReader r, string name) => new UpsampleOp(name, r.Int("scale_factor", 2, MaxFactor));
    }
}
