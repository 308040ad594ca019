using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// <c>[a × b]</c> → <c>[b × a]</c> (PyTorch's <c>x.transpose(0, 1)</c>): where the graph changes layout, from the window
    /// as devices deliver it, <c>[length × channels]</c> (time steps with interleaved channels), to the
    /// <c>[channels × length]</c> a convolution takes, and back after the decoder.
    /// </summary>
    public sealed record TransposeOp(string Name) : Op(Name)
    {
        public const string TypeName = "transpose";

        public override string Type => TypeName;

        public override bool MovesDataOnly => true;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 2) throw Error("takes a [rows × columns] tensor but gets " + input);
            return TensorShape.Sequence(input.Dim1, input.Dim0);
        }

        public override void WriteMembers(OpWriter w)
        {
        }

        internal static TransposeOp Read(MemberReader r, string name) => new TransposeOp(name);
    }
}
