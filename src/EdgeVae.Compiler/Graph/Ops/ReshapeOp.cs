using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// The same values under another shape, row-major (PyTorch's <c>view</c>; <c>[c × l]</c> → <c>[c·l]</c> is
    /// <c>nn.Flatten</c>). Moves nothing.
    /// </summary>
    public sealed record ReshapeOp(string Name, TensorShape Shape) : Op(Name)
    {
        public const string TypeName = "reshape";

        public override string Type => TypeName;

        public override bool MovesDataOnly => true;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Size != Shape.Size) throw Error("reshapes " + input + " (" + input.Size + " values) to " + Shape + " (" + Shape.Size + " values)");
            return Shape;
        }

        public override void WriteMembers(OpWriter w) => w.Shape("shape", Shape);

        internal static ReshapeOp Read(MemberReader r, string name) => new ReshapeOp(name, r.Shape("shape"));
    }
}
