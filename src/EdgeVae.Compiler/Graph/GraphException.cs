using System;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>A graph that does not hold together: what is wrong and at which op (empty when it concerns the whole graph).</summary>
    public sealed class GraphException : Exception
    {
        public GraphException(string op, string reason)
            : base(op.Length > 0 ? "op \"" + Json.JsonParser.Printable(op) + "\": " + reason : reason)
        {
            Op = op;
            Reason = reason;
        }

        /// <summary>The name of the op the problem is at, or empty.</summary>
        public string Op { get; }

        public string Reason { get; }
    }
}
