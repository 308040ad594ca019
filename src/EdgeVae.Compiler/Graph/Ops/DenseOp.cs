using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>y = W·x + b on <c>[in]</c> → <c>[out]</c>, W [out × in] row-major (PyTorch's <c>nn.Linear</c>).</summary>
    public sealed record DenseOp(string Name, int InFeatures, int OutFeatures, EquatableArray<float> Weight, EquatableArray<float> Bias) : Op(Name)
    {
        public const string TypeName = "dense";

        /// <summary>The most weights one dense op may hold.</summary>
        public const long MaxWeights = 64L * 1024 * 1024;

        public override string Type => TypeName;

        public override long ParameterCount => (long)InFeatures * OutFeatures + OutFeatures;

        public override long Macs(TensorShape input) => (long)InFeatures * OutFeatures;

        /// <summary>Whether the weights are still to be drawn (an architecture the trainer has not initialised yet).</summary>
        public bool IsUninitialized => Weight.Count == 0;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 1) throw Error("takes [features] but gets " + input + "; flatten it first (a reshape to [" + input.Size + "])");
            if (input.Size != InFeatures) throw Error("takes " + InFeatures + " inputs but the previous op gives " + input.Size);
            if (!IsUninitialized && (Weight.Count != (long)InFeatures * OutFeatures || Bias.Count != OutFeatures))
                throw Error("holds " + Weight.Count + " weights and " + Bias.Count + " biases; " + InFeatures + " → " + OutFeatures + " needs " + (long)InFeatures * OutFeatures + " and " + OutFeatures);
            return TensorShape.Features(OutFeatures);
        }

        public override void WriteMembers(OpWriter w)
        {
            w.Int("in", InFeatures);
            w.Int("out", OutFeatures);
            w.Tensor("weight", Weight, OutFeatures, InFeatures);
            w.Tensor("bias", Bias, OutFeatures);
        }

        internal static DenseOp Read(MemberReader r, string name)
        {
            int inFeatures = r.Int("in", 1, TensorShape.MaxSize), outFeatures = r.Int("out", 1, TensorShape.MaxSize);
            long weights = (long)inFeatures * outFeatures;
            if (weights > MaxWeights)
                throw new ModelFormatException(ModelFormatError.TooLarge, r.What + " has " + weights + " weights, over the limit of " + MaxWeights, r.Value.Line, r.Value.Column);
            return new DenseOp(name, inFeatures, outFeatures, new EquatableArray<float>(r.Floats("weight", (int)weights, shape: new[] { outFeatures, inFeatures })), new EquatableArray<float>(r.Floats("bias", outFeatures)));
        }
    }
}
