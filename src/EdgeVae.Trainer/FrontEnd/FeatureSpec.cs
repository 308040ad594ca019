using System.Globalization;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.FrontEnd;

/// <summary>
/// <c>train --features</c>: which front-end computes the network's input from the raw window, as
/// <c>KIND[:key=value,…]</c>. Kinds: raw (no front-end), spectrum (power), magnitude, log-spectrum (dB), mel, log-mel,
/// bands, log-bands, stats (statistics only). Keys: frame (samples, a power of two 32–1024 for a spectrum; default 64),
/// hop (default frame/2), window (hann, hamming or none; default hann), mels (default 32), fmin and fmax (Hz; default 0
/// and half the sample rate), edges (band edges in Hz separated by '/', e.g. 0/50/100/200/500), floor (dB, default
/// −100), stats (per-frame statistics appended to the spectral features, or the only ones: mean/rms/std/peak/crest/
/// skewness/kurtosis separated by '/').
/// </summary>
public sealed record FeatureSpec(string Kind, int Frame, int Hop, WindowFunction? Window, int Mels, double? FMin, double? FMax, float[]? Edges, float FloorDb,
    FrameStatistic[]? Statistics = null)
{
    public const string Help = "raw | spectrum | magnitude | log-spectrum | mel | log-mel | bands | log-bands | stats, with :frame=N,hop=N,window=hann|hamming|none,mels=N,fmin=HZ,fmax=HZ,edges=HZ/HZ/…,floor=DB,stats=mean/rms/std/peak/crest/skewness/kurtosis (e.g. log-mel:frame=64,hop=32,mels=16 or log-bands:frame=128,edges=0/50/100/500,stats=mean/peak/kurtosis)";

    private static readonly string[] Kinds = ["raw", "spectrum", "magnitude", "log-spectrum", "mel", "log-mel", "bands", "log-bands", "stats"];

    public bool IsRaw => Kind == "raw";

    public static FeatureSpec Parse(string text)
    {
        int colon = text.IndexOf(':');
        string kind = (colon < 0 ? text : text[..colon]).Trim();
        if (!Kinds.Contains(kind)) throw new ArgumentException($"--features \"{text}\": \"{kind}\" is not a front-end; use {Help}.");
        int frame = 64, mels = 32;
        int? hop = null;
        WindowFunction? window = WindowFunction.Hann;
        double? fMin = null, fMax = null;
        float[]? edges = null;
        float floor = -100;
        FrameStatistic[]? statistics = null;
        if (colon >= 0)
            foreach (string item in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int eq = item.IndexOf('=');
                string key = eq < 0 ? item : item[..eq], value = eq < 0 ? "" : item[(eq + 1)..];
                int Int()
                {
                    if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0) return v;
                    throw new ArgumentException($"--features \"{text}\": {key}={value} must be a positive whole number.");
                }
                double Number()
                {
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
                    throw new ArgumentException($"--features \"{text}\": {key}={value} must be a number.");
                }
                switch (key)
                {
                    case "frame": frame = Int(); break;
                    case "hop": hop = Int(); break;
                    case "mels": mels = Int(); break;
                    case "fmin": fMin = Number(); break;
                    case "fmax": fMax = Number(); break;
                    case "floor": floor = (float)Number(); break;
                    case "window":
                        window = value switch
                        {
                            "hann" => WindowFunction.Hann,
                            "hamming" => WindowFunction.Hamming,
                            "none" => null,
                            _ => throw new ArgumentException($"--features \"{text}\": window={value}: use hann, hamming or none."),
                        };
                        break;
                    case "edges":
                        edges = value.Split('/').Select(e => float.TryParse(e, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) && float.IsFinite(f) ? f
                            : throw new ArgumentException($"--features \"{text}\": edges={value}: give frequencies in Hz separated by '/', e.g. 0/50/100/200/500.")).ToArray();
                        break;
                    case "stats":
                        statistics = value.Split('/').Select(e => StatsOp.TryParse(e, out var st) ? st
                            : throw new ArgumentException($"--features \"{text}\": stats={value}: give statistics separated by '/' from {StatsOp.Names}.")).ToArray();
                        break;
                    default: throw new ArgumentException($"--features \"{text}\": unknown key \"{key}\"; the keys are frame, hop, window, mels, fmin, fmax, edges, floor, stats.");
                }
            }
        if (kind.EndsWith("bands", StringComparison.Ordinal) && edges is null)
            throw new ArgumentException($"--features \"{text}\": band energies need their edges, e.g. {kind}:edges=0/50/100/200/500.");
        if (kind == "stats") statistics ??= [FrameStatistic.Mean, FrameStatistic.Rms, FrameStatistic.Peak, FrameStatistic.Crest, FrameStatistic.Skewness, FrameStatistic.Kurtosis];
        return new FeatureSpec(kind, frame, hop ?? Math.Max(frame / 2, 1), kind == "stats" ? null : window, mels, fMin, fMax, edges, floor, statistics);
    }

    public override string ToString()
    {
        if (IsRaw) return "raw";
        var parts = new List<string> { $"frame={Frame}", $"hop={Hop}" };
        if (Kind != "stats") parts.Add($"window={(Window is { } w ? WindowOp.FunctionName(w) : "none")}");
        if (Kind.EndsWith("mel", StringComparison.Ordinal)) parts.Add($"mels={Mels}");
        if (FMin is { } lo) parts.Add(string.Create(CultureInfo.InvariantCulture, $"fmin={lo}"));
        if (FMax is { } hi) parts.Add(string.Create(CultureInfo.InvariantCulture, $"fmax={hi}"));
        if (Edges is not null) parts.Add("edges=" + string.Join('/', Edges.Select(e => e.ToString(CultureInfo.InvariantCulture))));
        if (Kind.StartsWith("log", StringComparison.Ordinal)) parts.Add(string.Create(CultureInfo.InvariantCulture, $"floor={FloorDb}"));
        if (Statistics is not null) parts.Add("stats=" + string.Join('/', Statistics.Select(StatsOp.StatisticName)));
        return Kind + ":" + string.Join(',', parts);
    }

    /// <summary>
    /// The front-end's ops for windows of <paramref name="train"/>: frame, window, spectrum, filter bank, log, then the
    /// transpose and reshape to interleaved features. Each channel's full scale is four times the largest magnitude it
    /// reaches in training (12 dB of headroom for faults before the samples saturate, at 2 of the int16 samples' 15 bits);
    /// a WAV set's is 1, the full scale of its PCM.
    /// </summary>
    public Op[] Build(Dataset train, bool pcm)
    {
        if (IsRaw) return [];
        if (train.Layout != DataLayout.TimeWindow || train.Window <= 0)
            throw new ArgumentException($"--features {Kind} computes spectra of time windows; this data is not a time series (use --features raw).");
        int channels = train.Channels, steps = train.Window;
        if (Frame > steps) throw new ArgumentException($"--features {this}: frames of {Frame} samples do not fit in a window of {steps} steps; lower frame= or raise --window.");
        var fullScale = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double max = 0;
            if (!pcm)
                for (int r = 0; r < train.Count; r++)
                {
                    var row = train.Row(r);
                    for (int t = c; t < row.Length; t += channels) max = Math.Max(max, Math.Abs(row[t]));
                }
            fullScale[c] = pcm ? 1f : max > 0 ? (float)(4 * max) : 1f;
        }
        var ops = new List<Op> { new FrameOp("frontend.frame", channels, Frame, Hop, new EquatableArray<float>(fullScale)) };
        bool spectral = Kind != "stats";
        if (spectral && Window is { } w) ops.Add(new WindowOp("frontend.window", Frame, w));
        if (spectral) ops.Add(new SpectrumOp("frontend.spectrum", Frame, Kind == "magnitude"));
        int bins = Frame / 2 + 1;
        double rate = train.SampleRate;
        try
        {
            if (Kind.EndsWith("mel", StringComparison.Ordinal))
            {
                if (!(rate > 0)) throw new ArgumentException($"--features {Kind} needs the data's sample rate, which this source does not give.");
                ops.Add(MelOp.Build("frontend.mel", bins, Mels, rate, FMin ?? 0, FMax ?? rate / 2));
            }
            else if (Kind.EndsWith("bands", StringComparison.Ordinal))
            {
                if (!(rate > 0)) throw new ArgumentException($"--features {Kind} needs the data's sample rate, which this source does not give.");
                ops.Add(BandsOp.Build("frontend.bands", bins, rate, Edges!));
            }
            if (Kind.StartsWith("log", StringComparison.Ordinal)) ops.Add(new LogOp("frontend.log", FloorDb));
            if (Statistics is not null)
                ops.Add(new StatsOp("frontend.stats", new EquatableArray<FrameStatistic>(Statistics), (steps - Frame) / Hop + 1, Frame, Keep: spectral));
            var shape = TensorShape.Features(train.Width);
            foreach (var op in ops) shape = op.OutputShape(shape);
            ops.Add(new TransposeOp("frontend.interleave"));
            ops.Add(new ReshapeOp("frontend.features", TensorShape.Features((int)shape.Size)));
            FrontEndChain.Of(TensorShape.Features(train.Width), ops, ops.Count);
        }
        catch (GraphException e)
        {
            throw new ArgumentException($"--features {this}: {e.Message}");
        }
        return ops.ToArray();
    }
}
