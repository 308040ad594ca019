using System.Collections.Generic;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// Ends a front-end of branches (<see cref="SelectOp"/>): the features of every branch before it, one branch after
    /// the other, as one <c>[features]</c> vector (torch.cat). Its shape comes from the branches (<see cref="Join"/>), not
    /// from the op before it alone.
    /// </summary>
    public sealed record ConcatOp(string Name) : FrontEndOp(Name)
    {
        public const string TypeName = "concat";

        public override string Type => TypeName;

        public override bool MovesDataOnly => true;

        public override TensorShape OutputShape(TensorShape input) =>
            throw Error("joins the branches of a front-end; it follows select branches (its shape is theirs together)");

        /// <summary>The joined shape of the branches' outputs, each a <c>[features]</c> vector.</summary>
        public TensorShape Join(IReadOnlyList<TensorShape> branches)
        {
            if (branches.Count == 0) throw Error("has no branch before it; a front-end of branches begins each with a select op");
            long total = 0;
            foreach (var b in branches)
            {
                if (b.Rank != 1) throw Error("joins branches that end in [features], but one ends in " + b + " (end each branch with transpose and reshape)");
                total += b.Size;
            }
            if (total > TensorShape.MaxSize) throw Error("joins " + total + " features, over the limit of " + TensorShape.MaxSize);
            return TensorShape.Features((int)total);
        }

        public override void WriteMembers(OpWriter w)
        {
        }

        internal static ConcatOp Read(MemberReader r, string name) => new ConcatOp(name);
    }
}
