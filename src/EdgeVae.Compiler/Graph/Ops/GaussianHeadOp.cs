using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// The VAE's posterior q(z|x) = N(μ, σ²): its input <c>[2·latent]</c> is μ followed by log σ². In training it samples
    /// z = μ + σ·ε; in inference (reconstruction, the score) its output is μ, <c>[latent]</c>. The KL term and −ELBO read
    /// log σ² from its input.
    /// </summary>
    public sealed record GaussianHeadOp(string Name) : Op(Name)
    {
        public const string TypeName = "gaussian_head";

        public override string Type => TypeName;

        public override bool MovesDataOnly => true;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 1 || input.Size % 2 != 0) throw Error("takes [2·latent] (μ then log σ²) but gets " + input);
            return TensorShape.Features(input.Dim0 / 2);
        }

        public override void WriteMembers(OpWriter w)
        {
        }

        internal static GaussianHeadOp Read(MemberReader r, string name) => new GaussianHeadOp(name);
    }
}
