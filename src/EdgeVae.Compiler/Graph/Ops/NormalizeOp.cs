using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>How raw inputs are mapped to the network's units.</summary>
    public enum NormalizationMethod
    {
        None,
        MinMax,
        ZScore,
    }

    /// <summary>
    /// x' = (x − Offset[i]) · Scale[i] per feature, fitted on training data: where the network's units begin. The score
    /// compares the reconstruction with this op's output; its range is the quantizer's input scale.
    /// </summary>
    public sealed record NormalizeOp(string Name, NormalizationMethod Method, EquatableArray<float> Offset, EquatableArray<float> Scale) : Op(Name)
    {
        public const string TypeName = "normalize";

        public override string Type => TypeName;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (Offset.Count != input.Size || Scale.Count != input.Size)
                throw Error("has " + Offset.Count + " offsets and " + Scale.Count + " scales for " + input.Size + " features");
            for (int i = 0; i < Scale.Count; i++)
                if (Scale[i] == 0) throw Error("scale[" + i + "] is zero");
            return input;
        }

        public override void WriteMembers(OpWriter w)
        {
            w.String("method", MethodName(Method));
            w.Tensor("offset", Offset, Offset.Count);
            w.Tensor("scale", Scale, Scale.Count);
        }

        internal static NormalizeOp Read(MemberReader r, string name, TensorShape input)
        {
            var methodValue = r.Required("method", Json.JsonKind.String);
            NormalizationMethod method = methodValue.Text switch
            {
                "none" => NormalizationMethod.None,
                "minmax" => NormalizationMethod.MinMax,
                "zscore" => NormalizationMethod.ZScore,
                _ => throw MemberReader.Inconsistent(methodValue, r.What + ": method must be \"none\", \"minmax\" or \"zscore\""),
            };
            int n = (int)input.Size;
            return new NormalizeOp(name, method, new EquatableArray<float>(r.Floats("offset", n)), new EquatableArray<float>(r.Floats("scale", n)));
        }

        public static string MethodName(NormalizationMethod m) => m switch
        {
            NormalizationMethod.None => "none",
            NormalizationMethod.MinMax => "minmax",
            _ => "zscore",
        };
    }
}
