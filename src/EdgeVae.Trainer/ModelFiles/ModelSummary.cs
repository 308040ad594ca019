using System.Globalization;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Planning;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>A model's graph in a line or a table, for <c>info</c>, <c>import</c> and reports.</summary>
public static class ModelSummary
{
    /// <summary>The widths through the network, e.g. <c>256→64→8→64→256</c>, with convolutions as channels×length.</summary>
    public static string Architecture(ModelDescription m)
    {
        var g = m.Graph;
        var shapes = g.Shapes();
        var parts = new List<string> { Shape(g.NormalizeIndex > 0 ? shapes[g.NormalizeIndex] : g.Input) };
        for (int i = g.NormalizeIndex + 1; i < g.Count; i++)
            if (g[i].ParameterCount > 0 || i == g.LatentIndex || i == g.Count - 1)
            {
                string part = Shape(shapes[i]) + (i == g.LatentIndex ? " (code)" : "");
                if (part != parts[^1]) parts.Add(part);
            }
        return string.Join("→", parts);
    }

    /// <summary>One line per op: name, type, shape, what it holds and its calibrated range.</summary>
    public static IEnumerable<string> Ops(ModelDescription m)
    {
        var g = m.Graph;
        var shapes = g.Shapes();
        for (int i = 0; i < g.Count; i++)
        {
            var op = g[i];
            string detail = op switch
            {
                NormalizeOp n => NormalizeOp.MethodName(n.Method),
                DenseOp d => d.InFeatures + " → " + d.OutFeatures,
                Conv1DOp c => string.Create(CultureInfo.InvariantCulture, $"{c.InChannels} → {c.OutChannels}, k {c.KernelSize}, s {c.Stride}, d {c.Dilation}, pad {c.PaddingLeft}+{c.PaddingRight}"),
                ActivationOp a => ActivationMath.Name(a.Function),
                UpsampleOp u => "×" + u.Factor,
                SelectOp sel => "channels " + string.Join(", ", sel.Channels.Select(c => c < m.Data.ChannelNames.Count ? Display(m.Data.ChannelNames[c]) : "ch" + c)),
                FrameOp f => string.Create(CultureInfo.InvariantCulture, $"{f.Length} samples, hop {f.Hop}, full scale {string.Join("/", f.FullScale.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}"),
                WindowOp w => WindowOp.FunctionName(w.Function),
                SpectrumOp s => $"{s.Length}-point FFT, {(s.Magnitude ? "magnitude" : "power")}, {s.Bins} bins",
                MelOp mel => string.Create(CultureInfo.InvariantCulture, $"{mel.Count} filters, {mel.FMin:G4}–{mel.FMax:G4} Hz"),
                BandsOp b => string.Create(CultureInfo.InvariantCulture, $"{b.Count} bands, edges {string.Join("/", b.Edges.Select(e => e.ToString("G4", CultureInfo.InvariantCulture)))} Hz"),
                LogOp l => string.Create(CultureInfo.InvariantCulture, $"dB, floor {l.FloorDb:G4}"),
                StatsOp st => string.Join(", ", st.Statistics.Select(StatsOp.StatisticName)) + (st.Keep ? " (appended)" : ""),
                _ => "",
            };
            // The front-end has no calibrated range: it is fixed point by construction, the same on every device.
            string range = i < g.NormalizeIndex ? "fixed point" : op.Range.IsKnown ? string.Create(CultureInfo.InvariantCulture, $"[{op.Range.Min:G4}, {op.Range.Max:G4}]") : "uncalibrated";
            string role = i == g.LatentIndex ? " ← code" : "";
            yield return $"{Display(op.Name),-22} {op.Type,-13} {Shape(shapes[i]),-12} {detail,-34} {range}{role}";
        }
    }

    private static string Shape(TensorShape s) => s.Rank == 1 ? s.Dim0.ToString(CultureInfo.InvariantCulture) : $"{s.Dim0}×{s.Dim1}";

    /// <summary>A name from a model file, safe for a terminal: control characters (ESC sequences among them) escaped.</summary>
    /// <summary>
    /// For a model whose encoder starts with convolutions: which hops its generated <c>StreamingScorer</c> takes and what
    /// one window costs when the previous window's frames carry over, at the encoder's total stride doubled up to half
    /// the window and at the data's hop; null for other models.
    /// </summary>
    public static string? Streaming(ModelDescription m)
    {
        if (m.FrontEnd is { } frontEnd && frontEnd.Branches.Any(b => b.Frames > 1) && m.Data.Window > 0)
        {
            // A front-end's streaming scorer moves the feature frames a window shares with the one before.
            int fh = frontEnd.StreamingHop;
            var hopsFe = new SortedSet<int>();
            if (fh < m.Data.Window) hopsFe.Add(fh);
            if (m.Data.Hop % fh == 0 && m.Data.Hop > 0 && m.Data.Hop < m.Data.Window) hopsFe.Add(m.Data.Hop);
            if (hopsFe.Count == 0) return null;
            return $"StreamingScorer(hop) for hops that are multiples of the frame hop {fh}, reusing the feature frames of the window before; MACs per window at hop "
                + string.Join("; ", hopsFe.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h}: {frontEnd.MacsPerHop(m.MacsPerInference, h):N0}")))
                + string.Create(CultureInfo.InvariantCulture, $" (full window {m.MacsPerInference:N0})");
        }
        var prefix = StreamingPrefix.Find(m, ExecutionPlan.For(m, null, packedKernels: false));
        if (prefix is null) return null;
        int window = m.Data.Window;
        var hops = new SortedSet<int>();
        for (int h = prefix.TotalStride; h <= window / 2; h *= 2) hops.Add(h);
        if (prefix.Accepts(window, m.Data.Hop)) hops.Add(m.Data.Hop);
        hops.RemoveWhere(h => !prefix.Accepts(window, h));
        string text = $"StreamingScorer(hop) for hops that are multiples of {prefix.TotalStride} below {window}";
        if (hops.Count == 0) return text;
        return text + "; MACs per window at hop " + string.Join("; ", hops.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h}: {prefix.MacsPerHop(m.MacsPerInference, window, h):N0}")))
            + string.Create(CultureInfo.InvariantCulture, $" (full window {m.MacsPerInference:N0})");
    }

    /// <summary>
    /// The features a front-end computes, in words: "5 frames × 16 per frame × 4 channels", or per branch
    /// "accel_x, accel_y: 3 frames × 16 per frame; current: 256 raw samples".
    /// </summary>
    public static string Features(ModelDescription m, FrontEndGraph frontEnd) => Features(m.Data.ChannelNames.ToArray(), frontEnd);

    /// <summary>As <see cref="Features(ModelDescription, FrontEndGraph)"/>, with the channels' names (or none).</summary>
    public static string Features(IReadOnlyList<string> channelNames, FrontEndGraph frontEnd)
    {
        string Name(int c) => c < channelNames.Count ? Display(channelNames[c]) : "ch" + c;
        string Part(FrontEndBranch b) => b.IsRaw ? $"{b.Steps} raw samples" : $"{b.Frames} frames × {b.FrameFeatures} per frame";
        if (frontEnd.Single is { } single) return $"{single.Frames} frames × {single.FrameFeatures} per frame × {single.Channels} channels";
        return string.Join("; ", frontEnd.Branches.Select(b => $"{string.Join(", ", b.Channels.Select(Name))}: {Part(b)}"
            + (b.Channels.Count > 1 ? $" × {b.Channels.Count} channels" : "")));
    }

    /// <summary>The data contract's source in one line: the kind and, for a CSV, its columns, label and time.</summary>
    public static string Source(Compiler.Model.SourceContract s)
    {
        var parts = new List<string> { s.Kind };
        if (s.Columns.Count > 0) parts.Add($"columns {string.Join(", ", s.Columns)}");
        if (s.IgnoredColumns.Count > 0) parts.Add($"ignoring {string.Join(", ", s.IgnoredColumns)}");
        if (s.LabelColumn.Length > 0) parts.Add($"label column {s.LabelColumn}" + (s.ClassNames.Count > 0 ? $", normal label {s.ClassNames[0]}, others {(s.ClassNames.Count > 1 ? string.Join(", ", s.ClassNames.Skip(1)) : "none")}" : ""));
        if (s.TimeColumn.Length > 0) parts.Add($"time column {s.TimeColumn}");
        return string.Join("; ", parts);
    }

    public static string Display(string text)
    {
        var sb = new System.Text.StringBuilder();
        foreach (char c in text) sb.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return sb.ToString();
    }
}
