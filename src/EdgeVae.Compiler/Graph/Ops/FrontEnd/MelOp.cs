using System;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// A mel filter bank: <see cref="FilterBankOp.Count"/> triangular filters equally spaced on the HTK mel scale
    /// (2595·log₁₀(1 + f/700)) from FMin to FMax, unnormalised — torchaudio.functional.melscale_fbanks with norm=None,
    /// mel_scale="htk", transposed to [count × bins].
    /// </summary>
    public sealed record MelOp : FilterBankOp
    {
        public const string TypeName = "mel";

        public MelOp(string name, int bins, int count, double sampleRate, double fMin, double fMax, EquatableArray<float> weight) : base(name, bins, count, weight)
        {
            SampleRate = sampleRate;
            FMin = fMin;
            FMax = fMax;
        }

        public double SampleRate { get; init; }

        public double FMin { get; init; }

        public double FMax { get; init; }

        public override string Type => TypeName;

        public override void WriteMembers(OpWriter w)
        {
            w.Int("bins", Bins);
            w.Int("count", Count);
            w.Number("sample_rate", SampleRate);
            w.Number("f_min", FMin);
            w.Number("f_max", FMax);
            WriteWeight(w);
        }

        internal static MelOp Read(MemberReader r, string name)
        {
            int bins = r.Int("bins", 2, SpectrumOp.MaxLength / 2 + 1), count = r.Int("count", 1, 1024);
            double rate = r.Double("sample_rate"), fMin = r.Double("f_min"), fMax = r.Double("f_max");
            return new MelOp(name, bins, count, rate, fMin, fMax, new EquatableArray<float>(r.Floats("weight", bins * count, shape: new[] { count, bins })));
        }

        /// <summary>The filter bank for a spectrum of <paramref name="bins"/> bins at <paramref name="sampleRate"/>.</summary>
        public static MelOp Build(string name, int bins, int count, double sampleRate, double fMin, double fMax)
        {
            if (!(sampleRate > 0)) throw new GraphException(name, "a mel filter bank needs the sample rate; give the data's rate");
            if (!(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2))
                throw new GraphException(name, "f_min " + fMin + " and f_max " + fMax + " Hz must satisfy 0 ≤ f_min < f_max ≤ " + sampleRate / 2 + " (half the sample rate)");
            double Mel(double f) => 2595 * Math.Log10(1 + f / 700);
            double Hz(double m) => 700 * (Math.Pow(10, m / 2595) - 1);
            double melMin = Mel(fMin), melMax = Mel(fMax);
            var points = new double[count + 2];
            for (int i = 0; i < points.Length; i++) points[i] = Hz(melMin + (melMax - melMin) * i / (count + 1));
            var weight = new float[count * bins];
            for (int k = 0; k < bins; k++)
            {
                double f = sampleRate / 2 * k / (bins - 1);
                for (int m = 0; m < count; m++)
                {
                    double down = (f - points[m]) / (points[m + 1] - points[m]), up = (points[m + 2] - f) / (points[m + 2] - points[m + 1]);
                    weight[m * bins + k] = (float)Math.Max(0, Math.Min(down, up));
                }
            }
            return new MelOp(name, bins, count, sampleRate, fMin, fMax, new EquatableArray<float>(weight));
        }
    }
}
