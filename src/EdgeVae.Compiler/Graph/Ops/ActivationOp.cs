using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>An elementwise nonlinearity (PyTorch's <c>nn.ReLU</c>, <c>nn.Tanh</c>, …), defined by <see cref="ActivationMath"/>.</summary>
    public sealed record ActivationOp(string Name, ActivationFunction Function) : Op(Name)
    {
        public const string TypeName = "activation";

        public override string Type => TypeName;

        public override bool MovesDataOnly => Function == ActivationFunction.Identity;

        public override TensorShape OutputShape(TensorShape input) => input;

        public override void WriteMembers(OpWriter w) => w.String("function", ActivationMath.Name(Function));

        internal static ActivationOp Read(MemberReader r, string name)
        {
            var value = r.Required("function", Json.JsonKind.String);
            if (!ActivationMath.TryParse(value.Text, out var f))
                throw MemberReader.Inconsistent(value, r.What + ": unknown activation \"" + Json.JsonParser.Printable(value.Text) + "\" (identity, relu, leaky_relu, sigmoid, tanh, softplus)");
            return new ActivationOp(name, f);
        }
    }
}
