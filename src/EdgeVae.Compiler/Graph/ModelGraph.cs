using System.Collections.Generic;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// The model as a graph of ops, run in order, each on the previous op's output: the signal front-end, if any
    /// (<see cref="FrontEndChain"/>), one
    /// <see cref="NormalizeOp"/>, the encoder up to the op named <see cref="Latent"/> (whose output is the code), and the
    /// decoder after it. The reconstruction, the last op's output, is compared with the normalised input. Every stage —
    /// trainer, calibration, quantizer, simulator, emitters — walks this one graph.
    /// </summary>
    public sealed record ModelGraph(TensorShape Input, EquatableArray<Op> Ops, string Latent)
    {
        public int Count => Ops.Count;

        public Op this[int index] => Ops[index];

        /// <summary>The index of the op named <paramref name="name"/>, or −1.</summary>
        public int IndexOf(string name)
        {
            for (int i = 0; i < Ops.Count; i++) if (Ops[i].Name == name) return i;
            return -1;
        }

        public int NormalizeIndex
        {
            get
            {
                for (int i = 0; i < Ops.Count; i++) if (Ops[i] is NormalizeOp) return i;
                return -1;
            }
        }

        public NormalizeOp Normalize => (NormalizeOp)Ops[NormalizeIndex];

        /// <summary>The signal front-end before normalize (one chain, or branches per channel), or null.</summary>
        public FrontEndGraph? FrontEnd => NormalizeIndex > 0 ? FrontEndGraph.Of(this) : null;

        /// <summary>Values the normalisation takes: the front-end's features, or the raw input.</summary>
        public long FeatureCount => NormalizeIndex > 0 ? Shapes()[NormalizeIndex].Size : Input.Size;

        public int LatentIndex => IndexOf(Latent);

        /// <summary>The Gaussian head (the VAE's), or −1.</summary>
        public int HeadIndex
        {
            get
            {
                for (int i = 0; i < Ops.Count; i++) if (Ops[i] is GaussianHeadOp) return i;
                return -1;
            }
        }

        /// <summary>The output shape of every op, in order; throws <see cref="GraphException"/> at the first op that cannot take its input.</summary>
        public TensorShape[] Shapes()
        {
            var shapes = new TensorShape[Ops.Count];
            var walk = new ShapeWalk(Input);
            for (int i = 0; i < Ops.Count; i++) shapes[i] = walk.Next(Ops[i]);
            return shapes;
        }

        /// <summary>The shape op <paramref name="index"/> takes (a select's is the graph's input; a concat's, the last branch's output).</summary>
        public TensorShape InputShapeOf(int index, TensorShape[] shapes) => index == 0 || Ops[index] is SelectOp ? Input : shapes[index - 1];

        public long ParameterCount
        {
            get
            {
                long n = 0;
                foreach (var op in Ops) n += op.ParameterCount;
                return n;
            }
        }

        /// <summary>Multiply-accumulates of one reconstruction, the front-end's included.</summary>
        public long Macs()
        {
            var shapes = Shapes();
            long n = 0;
            for (int i = 0; i < Ops.Count; i++) n += Ops[i].Macs(InputShapeOf(i, shapes));
            return n;
        }

        /// <summary>
        /// Checks that the graph is a model of <paramref name="kind"/>: unique names, one normalisation first, the latent op
        /// inside the network, a Gaussian head exactly when it is a VAE (and as its latent), a Bernoulli decoder ending in a
        /// sigmoid, and a reconstruction of the normalised input's shape. Returns the shapes.
        /// </summary>
        public TensorShape[] Validate(ModelKind kind, ReconstructionKind reconstruction)
        {
            if (Ops.Count == 0) throw new GraphException("", "the graph has no ops");
            var names = new HashSet<string>();
            foreach (var op in Ops)
            {
                if (op.Name.Length == 0) throw new GraphException("", "an op of type " + op.Type + " has an empty name");
                if (!names.Add(op.Name)) throw new GraphException(op.Name, "the name is used twice");
            }
            int normalize = -1, heads = 0;
            for (int i = 0; i < Ops.Count; i++)
            {
                if (Ops[i] is NormalizeOp)
                {
                    if (normalize >= 0) throw new GraphException(Ops[i].Name, "a second normalize op; the graph has one");
                    normalize = i;
                }
                if (Ops[i] is GaussianHeadOp) heads++;
            }
            if (normalize < 0) throw new GraphException("", "the graph has no normalize op (the score compares the reconstruction with its output)");
            FrontEndGraph.Of(this);
            int latent = LatentIndex;
            if (latent < 0) throw new GraphException("", "\"latent\" names \"" + Json.JsonParser.Printable(Latent) + "\", which is not an op of the graph");
            if (latent <= normalize || latent >= Ops.Count - 1)
                throw new GraphException(Latent, "is named the latent op, but the code must come from an op between normalize and the decoder's last op");
            bool vae = kind == ModelKind.Variational;
            if (vae && !(Ops[latent] is GaussianHeadOp)) throw new GraphException(Latent, "a VAE's latent op must be its gaussian_head (μ, the code its decoder reads)");
            if (!vae && heads > 0) throw new GraphException(Ops[HeadIndex].Name, "a gaussian_head belongs to a VAE; this model's kind is " + ModelFormat.ModelFileFormat.KindName(kind));
            if (heads > 1) throw new GraphException("", "the graph has " + heads + " gaussian_head ops; a VAE has one");
            var shapes = Shapes();
            var target = shapes[normalize];
            var output = shapes[Ops.Count - 1];
            if (output != target)
                throw new GraphException(Ops[Ops.Count - 1].Name, "the reconstruction is " + output + " but the normalised input it is compared with is " + target);
            if (reconstruction == ReconstructionKind.Bernoulli && !(Ops[Ops.Count - 1] is ActivationOp { Function: ActivationFunction.Sigmoid }))
                throw new GraphException(Ops[Ops.Count - 1].Name, "a Bernoulli decoder must end with a sigmoid activation (its input is the logits)");
            return shapes;
        }
    }
}
