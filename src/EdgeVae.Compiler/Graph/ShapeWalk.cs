using System.Collections.Generic;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// Shape inference over ops in their order: each op takes the previous op's output, except that a
    /// <see cref="SelectOp"/> takes the graph's input (it begins a branch of the front-end) and a <see cref="ConcatOp"/>
    /// joins the outputs of the branches before it. The one walk the graph, the file reader and the trainer share.
    /// </summary>
    public sealed class ShapeWalk
    {
        private readonly TensorShape _input;
        private readonly List<TensorShape> _branchEnds = new List<TensorShape>();
        private bool _inBranch;

        public ShapeWalk(TensorShape input)
        {
            _input = input;
            Current = input;
        }

        /// <summary>The last op's output (the graph's input before the first).</summary>
        public TensorShape Current { get; private set; }

        /// <summary>The shape <paramref name="op"/> takes next.</summary>
        public TensorShape InputOf(Op op) => op is SelectOp ? _input : Current;

        /// <summary>Steps over <paramref name="op"/>; returns its output shape; throws <see cref="GraphException"/> when it cannot take its input.</summary>
        public TensorShape Next(Op op)
        {
            if (op is SelectOp)
            {
                if (_inBranch) _branchEnds.Add(Current);
                _inBranch = true;
            }
            if (op is ConcatOp concat)
            {
                if (_inBranch) _branchEnds.Add(Current);
                Current = concat.Join(_branchEnds);
                _branchEnds.Clear();
                _inBranch = false;
                return Current;
            }
            Current = op.OutputShape(InputOf(op));
            return Current;
        }
    }
}
