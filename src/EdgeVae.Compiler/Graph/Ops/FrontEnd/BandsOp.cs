using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// Band energies: the sum of the spectrum's bins whose centre frequency lies in [Edges[m], Edges[m+1]) Hz (the last band
    /// includes its upper edge), one output per band — Edge Impulse's spectral-analysis idea of energy in given bands.
    /// </summary>
    public sealed record BandsOp : FilterBankOp
    {
        public const string TypeName = "bands";

        public BandsOp(string name, int bins, double sampleRate, EquatableArray<float> edges, EquatableArray<float> weight) : base(name, bins, edges.Count - 1, weight)
        {
            SampleRate = sampleRate;
            Edges = edges;
        }

        public double SampleRate { get; init; }

        /// <summary>Band edges in Hz, increasing: one more than the bands.</summary>
        public EquatableArray<float> Edges { get; init; }

        public override string Type => TypeName;

        public override void WriteMembers(OpWriter w)
        {
            w.Int("bins", Bins);
            w.Int("count", Count);
            w.Number("sample_rate", SampleRate);
            w.Tensor("edges", Edges, Edges.Count);
            WriteWeight(w);
        }

        internal static BandsOp Read(MemberReader r, string name)
        {
            int bins = r.Int("bins", 2, SpectrumOp.MaxLength / 2 + 1), bands = r.Int("count", 1, 1024);
            double rate = r.Double("sample_rate");
            var edges = new EquatableArray<float>(r.Floats("edges", bands + 1));
            return new BandsOp(name, bins, rate, edges, new EquatableArray<float>(r.Floats("weight", bins * bands, shape: new[] { bands, bins })));
        }

        /// <summary>The bands with these edges for a spectrum of <paramref name="bins"/> bins at <paramref name="sampleRate"/>.</summary>
        public static BandsOp Build(string name, int bins, double sampleRate, float[] edges)
        {
            if (!(sampleRate > 0)) throw new GraphException(name, "band energies need the sample rate; give the data's rate");
            if (edges.Length < 2) throw new GraphException(name, "band edges need at least two frequencies (one band)");
            for (int i = 0; i < edges.Length; i++)
            {
                if (!(edges[i] >= 0 && edges[i] <= sampleRate / 2)) throw new GraphException(name, "band edge " + edges[i] + " Hz lies outside [0, " + sampleRate / 2 + "] (half the sample rate)");
                if (i > 0 && !(edges[i] > edges[i - 1])) throw new GraphException(name, "band edges must increase; " + edges[i] + " Hz follows " + edges[i - 1]);
            }
            int count = edges.Length - 1;
            var weight = new float[count * bins];
            for (int k = 0; k < bins; k++)
            {
                double f = sampleRate / 2 * k / (bins - 1);
                for (int m = 0; m < count; m++)
                    if (f >= edges[m] && (f < edges[m + 1] || (m == count - 1 && f <= edges[m + 1]))) weight[m * bins + k] = 1;
            }
            return new BandsOp(name, bins, sampleRate, new EquatableArray<float>(edges), new EquatableArray<float>(weight));
        }
    }
}
