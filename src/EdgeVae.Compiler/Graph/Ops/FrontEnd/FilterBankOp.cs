using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// A bank of <see cref="Count"/> filters over a frame's <see cref="Bins"/> spectrum bins: y[m] = Σ_k W[m, k]·x[k], W
    /// [count × bins] row-major with weights in [0, 1], stored in the file (so every reader uses the same weights). In
    /// fixed point the weights are Q15 over each filter's run of bins from its first to its last non-zero weight.
    /// </summary>
    public abstract record FilterBankOp : FrontEndOp
    {
        protected FilterBankOp(string name, int bins, int count, EquatableArray<float> weight) : base(name)
        {
            Bins = bins;
            Count = count;
            Weight = weight;
        }

        public int Bins { get; init; }

        public int Count { get; init; }

        public EquatableArray<float> Weight { get; init; }

        /// <summary>The products over each filter's run of bins, per frame.</summary>
        public override long Macs(TensorShape input)
        {
            long run = 0;
            for (int m = 0; m < Count; m++)
            {
                var (first, count) = Run(m);
                run += count;
            }
            return input.Channels * (long)(input.Length / Bins) * run;
        }

        /// <summary>Filter <paramref name="m"/>'s first bin with a non-zero weight and the bins up to its last one.</summary>
        public (int First, int Count) Run(int m)
        {
            int first = -1, last = -1;
            for (int k = 0; k < Bins; k++)
            {
                if (Weight[m * Bins + k] == 0) continue;
                if (first < 0) first = k;
                last = k;
            }
            return first < 0 ? (0, 0) : (first, last - first + 1);
        }

        public override TensorShape OutputShape(TensorShape input)
        {
            if (Weight.Count != (long)Count * Bins) throw Error("holds " + Weight.Count + " weights; " + Count + " filters × " + Bins + " bins need " + (long)Count * Bins);
            for (int i = 0; i < Weight.Count; i++)
                if (!(Weight[i] >= 0 && Weight[i] <= 1)) throw Error("weight[" + i / Bins + ", " + i % Bins + "] is " + Weight[i] + "; filter weights lie in [0, 1]");
            for (int m = 0; m < Count; m++)
                if (Run(m).Count == 0) throw Error("filter " + m + " has no bin with a non-zero weight; with " + Bins + " bins, use fewer filters or a longer frame");
            int frames = FramesOf(input, Bins, "spectrum bins");
            return TensorShape.Sequence(input.Channels, frames * Count);
        }

        protected void WriteWeight(OpWriter w) => w.Tensor("weight", Weight, Count, Bins);
    }
}
