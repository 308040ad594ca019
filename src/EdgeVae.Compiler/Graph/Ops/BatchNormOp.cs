using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// Batch normalisation after a dense layer, as trained (PyTorch's <c>nn.BatchNorm1d</c> in evaluation):
    /// y = γ·(x − mean)/√(var + eps) + β per feature. It exists in the trainer's graph only: a model file holds the dense
    /// layer with the normalisation folded in (<see cref="BatchNormFolding"/>), and a file that spells it out is folded on
    /// reading, so no later stage (quantizer, simulator, emitters) meets it.
    /// </summary>
    public sealed record BatchNormOp(string Name, int Features, double Eps, EquatableArray<float> Weight, EquatableArray<float> Bias,
        EquatableArray<float> RunningMean, EquatableArray<float> RunningVar) : Op(Name)
    {
        public const string TypeName = "batch_norm";

        public override string Type => TypeName;

        public override long ParameterCount => 2L * Features;

        public bool IsUninitialized => Weight.Count == 0;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 1 || input.Size != Features) throw Error("normalises " + Features + " features but gets " + input);
            if (!IsUninitialized && (Weight.Count != Features || Bias.Count != Features || RunningMean.Count != Features || RunningVar.Count != Features))
                throw Error("holds " + Weight.Count + " weights, " + Bias.Count + " biases, " + RunningMean.Count + " means and " + RunningVar.Count + " variances for " + Features + " features");
            for (int i = 0; i < RunningVar.Count; i++)
                if (!(RunningVar[i] >= 0)) throw Error("running_var[" + i + "] is " + RunningVar[i] + "; a variance is not negative");
            if (!(Eps > 0)) throw Error("eps is " + Eps + "; it must be positive");
            return input;
        }

        public override void WriteMembers(OpWriter w)
        {
            w.Int("features", Features);
            w.Number("eps", Eps);
            w.Tensor("weight", Weight, Features);
            w.Tensor("bias", Bias, Features);
            w.Tensor("running_mean", RunningMean, Features);
            w.Tensor("running_var", RunningVar, Features);
        }

        internal static BatchNormOp Read(MemberReader r, string name)
        {
            int n = r.Int("features", 1, TensorShape.MaxSize);
            return new BatchNormOp(name, n, r.Double("eps"), new EquatableArray<float>(r.Floats("weight", n)), new EquatableArray<float>(r.Floats("bias", n)),
                new EquatableArray<float>(r.Floats("running_mean", n)), new EquatableArray<float>(r.Floats("running_var", n)));
        }
    }
}
