using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// The graph's signal front-end as one chain: the ops before <see cref="NormalizeOp"/>, in the one order they compose —
    /// frame; then a spectral part (an optional window, spectrum, an optional filter bank (mel or bands), an optional log)
    /// and/or per-frame statistics; then the transpose and reshape that lay the features out as the raw window is,
    /// interleaved by channel (feature j of channel c at j·channels + c), so channel shares and per-channel statistics read
    /// them as they read a window. Every device runs the chain frame by frame in fixed point; the trainer runs it in its
    /// precision.
    /// </summary>
    public sealed record FrontEndChain(FrameOp Frame, WindowOp? Window, SpectrumOp? Spectrum, FilterBankOp? FilterBank, LogOp? Log, StatsOp? Stats, int Frames)
    {
        public int Channels => Frame.Channels;

        /// <summary>Spectral features of one frame of one channel: the filters, the spectrum's bins, or none.</summary>
        public int SpectralFeatures => FilterBank?.Count ?? Spectrum?.Bins ?? 0;

        /// <summary>Features of one frame of one channel: the spectral ones, then the statistics.</summary>
        public int FrameFeatures => SpectralFeatures + (Stats?.Statistics.Count ?? 0);

        /// <summary>Features per channel (frames × features per frame).</summary>
        public int ChannelFeatures => Frames * FrameFeatures;

        /// <summary>The network's input: every channel's features.</summary>
        public int Features => Channels * ChannelFeatures;

        /// <summary>The chain of <paramref name="graph"/>'s ops before normalize, or null when it has none; throws <see cref="GraphException"/> when they do not form one.</summary>
        public static FrontEndChain? Of(ModelGraph graph)
        {
            int end = 0;
            while (end < graph.Count && !(graph[end] is NormalizeOp)) end++;
            return end == 0 ? null : Of(graph.Input, graph.Ops.AsArray(), end);
        }

        /// <summary>The chain of <paramref name="ops"/>[0 … end) on an input of shape <paramref name="input"/> (followed by normalize, or by nothing).</summary>
        public static FrontEndChain Of(TensorShape input, System.Collections.Generic.IReadOnlyList<Op> ops, int end)
        {
            var graph = new ModelGraph(input, new EquatableArray<Op>(System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Take(ops, end))), "");
            int i = 0;
            Op At(int index) => index < end ? graph[index] : null!;
            string NameAt(int index) => index < end ? graph[index].Name : index < ops.Count ? ops[index].Name : "normalize";
            const string Grammar = "the front-end is frame, then window?, spectrum, mel|bands?, log? and/or stats, then transpose and reshape to [features] before normalize";
            if (!(At(i) is FrameOp frame)) throw new GraphException(graph[0].Name, "comes before normalize, where the front-end begins with a frame op");
            i++;
            var window = At(i) as WindowOp;
            if (window != null) i++;
            var spectrum = At(i) as SpectrumOp;
            if (spectrum != null) i++;
            else if (window != null) throw new GraphException(NameAt(i), "the front-end needs a spectrum op after its window op");
            FilterBankOp? bank = null;
            LogOp? log = null;
            if (spectrum != null)
            {
                bank = At(i) as FilterBankOp;
                if (bank != null) i++;
                log = At(i) as LogOp;
                if (log != null) i++;
            }
            var stats = At(i) as StatsOp;
            if (stats != null) i++;
            if (spectrum == null && stats == null) throw new GraphException(NameAt(i), "the frame op must be followed by a spectrum or stats op; " + Grammar);
            if (!(At(i) is TransposeOp) || !(At(i + 1) is ReshapeOp) || i + 2 != end) throw new GraphException(NameAt(i), Grammar);
            if (window != null && window.Length != frame.Length) throw new GraphException(window.Name, "windows frames of " + window.Length + " samples, but the frame op cuts " + frame.Length);
            if (spectrum != null && spectrum.Length != frame.Length) throw new GraphException(spectrum.Name, "transforms frames of " + spectrum.Length + " samples, but the frame op cuts " + frame.Length + "; the FFT takes the whole frame");
            if (bank != null && bank.Bins != spectrum!.Bins) throw new GraphException(bank.Name, "filters " + bank.Bins + " bins, but a " + spectrum.Length + "-point spectrum has " + spectrum.Bins);
            if (log != null && spectrum!.Magnitude) throw new GraphException(log.Name, "takes decibels of a power (10·log₁₀); make the spectrum a power spectrum");
            var shapes = graph.Shapes();
            int frames = shapes[0].Length / frame.Length;
            if (stats != null)
            {
                if (stats.Frames != frames) throw new GraphException(stats.Name, "is for " + stats.Frames + " frames, but the frame op cuts " + frames);
                if (stats.Keep != (spectrum != null)) throw new GraphException(stats.Name, stats.Keep ? "keeps the features before it, but it follows the frame op directly (its samples are not features)" : "drops the spectral features before it; set keep");
                if (stats.FrameLength != frame.Length) throw new GraphException(stats.Name, "is for frames of " + stats.FrameLength + " samples, but the frame op cuts " + frame.Length);
                if (frame.Length > StatsOp.MaxFrameLength) throw new GraphException(stats.Name, "takes frames of at most " + StatsOp.MaxFrameLength + " samples (its sums stay within 64 bits), not " + frame.Length);
            }
            return new FrontEndChain(frame, window, spectrum, bank, log, stats, frames);
        }
    }
}
