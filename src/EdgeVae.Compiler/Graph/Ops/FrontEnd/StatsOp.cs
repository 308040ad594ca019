using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>The statistics a <see cref="StatsOp"/> computes over a frame's samples (population moments, full scale 1).</summary>
    public enum FrameStatistic
    {
        Mean,
        Rms,
        Std,
        Peak,
        Crest,
        Skewness,
        Kurtosis,
    }

    /// <summary>
    /// Per-frame statistics of the frame op's samples — mean, RMS, standard deviation, peak |x|, crest factor (peak / RMS),
    /// skewness m₃/m₂^1.5 and kurtosis m₄/m₂² (not the excess) — Edge Impulse's spectral-analysis statistics, which see a
    /// spike or a drift that a spectrum spreads or drops. With <see cref="Keep"/> they follow each frame's features from the
    /// ops before (a spectrum, a filter bank, decibels), else they are the frame's only features. On a device: exact
    /// integer sums of the int16 samples, finished with IEEE float32 operations in a fixed order (the same everywhere).
    /// </summary>
    public sealed record StatsOp(string Name, EquatableArray<FrameStatistic> Statistics, int Frames, int FrameLength, bool Keep) : FrontEndOp(Name)
    {
        public const string TypeName = "stats";

        /// <summary>The longest frame: its integer sums stay within 64 bits.</summary>
        public const int MaxFrameLength = 2048;

        public override string Type => TypeName;

        /// <summary>Per sample: the two integer sums, the centred value and its three powers.</summary>
        public override long Macs(TensorShape input) => input.Channels * (long)Frames * FrameLength * 5;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 2) throw Error("takes [channels × values] but gets " + input);
            if (Statistics.Count == 0) throw Error("computes no statistic; name at least one of " + Names);
            if (input.Length % Frames != 0) throw Error("is for " + Frames + " frames, but gets " + input.Length + " values per channel, not a multiple of that");
            int width = input.Length / Frames;
            return TensorShape.Sequence(input.Channels, Frames * ((Keep ? width : 0) + Statistics.Count));
        }

        public const string Names = "mean, rms, std, peak, crest, skewness, kurtosis";

        public static string StatisticName(FrameStatistic s) => s.ToString().ToLowerInvariant();

        public static bool TryParse(string text, out FrameStatistic statistic)
        {
            foreach (FrameStatistic s in System.Enum.GetValues(typeof(FrameStatistic)))
                if (StatisticName(s) == text)
                {
                    statistic = s;
                    return true;
                }
            statistic = default;
            return false;
        }

        public override void WriteMembers(OpWriter w)
        {
            w.Strings("statistics", System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(Statistics, StatisticName)));
            w.Int("frames", Frames);
            w.Int("frame_length", FrameLength);
            w.Int("keep", Keep ? 1 : 0);
        }

        internal static StatsOp Read(MemberReader r, string name)
        {
            var v = r.Required("statistics", Json.JsonKind.Array);
            if (v.Items.Count > 16) throw MemberReader.Inconsistent(v, r.What + ": \"statistics\" lists " + v.Items.Count + " entries; there are 7");
            var list = new FrameStatistic[v.Items.Count];
            for (int i = 0; i < list.Length; i++)
                if (v.Items[i].Kind != Json.JsonKind.String || !TryParse(v.Items[i].Text, out list[i]))
                    throw MemberReader.Inconsistent(v.Items[i], r.What + ": \"statistics\" holds " + Names);
            return new StatsOp(name, new EquatableArray<FrameStatistic>(list), r.Int("frames", 1, TensorShape.MaxSize), r.Int("frame_length", 1, MaxFrameLength), r.Int("keep", 0, 1) == 1);
        }
    }
}
