using System.Linq;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.DotNet
{
    /// <summary>
    /// The .NET flavor's front-end: <c>ComputeFeatures(input, features)</c> over the front-end's branches, one after the
    /// other in the features. A chain lives in a nested class (<c>FrontEnd0</c>, …): each of its channels' samples
    /// quantized to int16 at the channel's full scale once (EdgeVae.Runtime's vectorised <c>Quantize.Samples</c>), each
    /// frame through the runtime's vectorised <c>FrontEndFrame</c> (statistics through EdgeVae.Contract's
    /// <c>FixedFrontEnd</c>), its integers turned into float features — the trainer's <c>FrontEndSimulation</c>, integer
    /// for integer. A raw branch copies its channels' samples. The spectrum's plan is built once per model; the working
    /// arrays are per thread, allocated on a thread's first call, so a call allocates nothing.
    /// </summary>
    internal static class FrontEndEmitter
    {
        private const string FrontEnd = DotNetContext.Contract + "FixedFrontEnd";

        private const string Signal = "global::EdgeVae.Runtime.Signal.";

        /// <summary>
        /// RAM of the .NET flavor's front-end: per chain, the contract's working arrays with the out-of-place transform's
        /// work memory instead of the imaginary part, a channel's quantized samples (and its de-interleaved floats), and the
        /// spectrum's plan (window, twiddles and per-stage twiddles as int32).
        /// </summary>
        public static long RamBytes(FrontEndLayout layout) => layout.Parts.Where(p => p.Quantized != null).Sum(p => RamBytes(p.Quantized!, Gathers(layout)));

        private static long RamBytes(QuantizedFrontEnd fe, bool gathers) => fe.RamBytes - 4L * fe.FrameLength + 4L * Steps(fe) * (gathers ? 2 : 1)
            + (fe.HasSpectrum ? 4L * (WorkLength(fe) + fe.Window.Count + fe.Cos.Count + fe.Sin.Count + 2 * (fe.FrameLength / 2 - 1)) : 0);

        /// <summary>EdgeVae.Runtime's SpectrumPlan.WorkLength: two pairs of n/2 + 1.</summary>
        private static int WorkLength(QuantizedFrontEnd fe) => 4 * (fe.FrameLength / 2 + 1);

        /// <summary>The time steps the frames cover: (Frames − 1)·hop + length, at most the window's.</summary>
        private static int Steps(QuantizedFrontEnd fe) => (fe.Frames - 1) * fe.Hop + fe.FrameLength;

        /// <summary>Whether a chain copies its channels out of the interleaved window (the window has more than one).</summary>
        private static bool Gathers(FrontEndLayout layout) => layout.InputChannels > 1;

        public static void Emit(IndentedWriter w, FrontEndLayout layout)
        {
            layout.EmitConstants(w);
            if (!layout.Interleaved) DotNetStep.RvaArray(w, "int", "FeatureChannel", layout.FeatureChannels.Select(c => IndentedWriter.Int(c)));
            w.Line();
            foreach (var part in layout.Parts)
                if (part.Quantized != null) Chain(w, layout, part);

            w.Line("/// <summary>The features the network takes, computed from one raw window by the fixed-point front-end (NaN for a frame holding a non-finite sample).</summary>");
            w.Line("public static void ComputeFeatures(ReadOnlySpan<float> input, Span<float> features) => ComputeFeatures(input, features, 0);");
            w.Line();
            w.Line("/// <summary>The features of a window; with <paramref name=\"hop\"/> &gt; 0, only the frames a window moved by that many steps does not share with the one before (each branch's last ones).</summary>");
            w.Open("private static void ComputeFeatures(ReadOnlySpan<float> input, Span<float> features, int hop)");
            w.Line("CheckLength(input.Length, InputLength, nameof(input));");
            w.Line("CheckLength(features.Length, FeatureLength, nameof(features));");
            layout.EmitBranches(w, (part, first) => part.Class + ".Compute(input, features.Slice(" + part.Branch.Offset + ", " + part.Branch.Features + "), " + first + ");");
            w.Close();
            w.Line();
            w.Line("/// <summary>Whether every value is finite (v − v is NaN for NaN and ±∞).</summary>");
            w.Open("private static bool AllFinite(ReadOnlySpan<float> x)");
            w.Line("foreach (float v in x) if (!(v - v == 0)) return false;");
            w.Line("return true;");
            w.Close();
            w.Line();
        }

        /// <summary>A chain's nested class: its constants and tables, its spectrum's plan, its scratch, and <c>Compute</c>.</summary>
        private static void Chain(IndentedWriter w, FrontEndLayout layout, FrontEndLayout.Part part)
        {
            var fe = part.Quantized!;
            var b = part.Branch;
            bool gathers = Gathers(layout);
            w.Line("/// <summary>Branch " + part.Index + " of the front-end: channels " + string.Join(", ", b.Channels) + " of the window, features " + b.Offset + " … " + (b.Offset + b.Features - 1) + ".</summary>");
            w.Open("private static class " + part.Class);
            w.Line("/// <summary>The branch's channels (its features are interleaved by them).</summary>");
            w.Line("public const int Channels = " + b.Channels.Count + ";");
            FrontEndConstants.Emit(w, fe, "private static readonly");
            if (gathers && !b.TakesAll(layout.InputChannels))
                DotNetStep.RvaArray(w, "int", "SourceChannel", b.Channels.Select(c => IndentedWriter.Int(c)));
            if (fe.HasSpectrum)
                w.Line("private static readonly " + Signal + "SpectrumPlan s_spectrumPlan = new " + Signal + "SpectrumPlan(FrameLength, "
                    + (fe.HasWindow ? "FrontEndWindow" : "default") + ", FrontEndCos, FrontEndSin);");
            w.Open("private sealed class Scratch");
            foreach (var (name, type, length) in FrontEndConstants.Scratch(fe, imaginary: false))
                w.Line("internal readonly " + type + "[] " + name + " = new " + type + "[" + length + "];");
            if (fe.HasSpectrum) w.Line("internal readonly int[] Work = new int[" + WorkLength(fe) + "];");
            // One channel's samples as int16 codes, each quantized once however many frames share it (and as floats, de-interleaved, when the window has several channels).
            w.Line("internal readonly int[] Samples = new int[" + Steps(fe) + "];");
            if (gathers) w.Line("internal readonly float[] Channel = new float[" + Steps(fe) + "];");
            w.Close();
            w.Line();
            w.Line("[ThreadStatic] private static Scratch? t_scratch;");
            w.Line();
            w.Line("/// <summary>The branch's features (<paramref name=\"features\"/> is its slice) of frames <paramref name=\"firstFrame\"/> … Frames − 1; a frame's features are FrameFeatures × Channels values in a row, frame after frame.</summary>");
            w.Open("internal static void Compute(ReadOnlySpan<float> input, Span<float> features, int firstFrame)");
            w.Line("var s = t_scratch ??= new Scratch();");
            w.Line("int from = firstFrame * FrameHop;");
            w.Open("for (int c = 0; c < Channels; c++)");
            if (gathers)
            {
                w.Line("int source = " + (b.TakesAll(layout.InputChannels) ? "c" : "SourceChannel[c]") + "; // the window's channel");
                w.Line("for (int t = from; t < " + Steps(fe) + "; t++) s.Channel[t] = input[t * " + layout.InputChannels + " + source];");
                w.Line("ReadOnlySpan<float> x = s.Channel;");
            }
            else w.Line("ReadOnlySpan<float> x = input.Slice(0, " + Steps(fe) + ");");
            w.Line("bool allFinite = " + DotNetContext.Kernels + "Quantize.Samples(x.Slice(from), FrontEndInputScale[c], s.Samples.AsSpan(from));");
            w.Open("for (int f = firstFrame; f < Frames; f++)");
            w.Line("bool finite = allFinite || AllFinite(x.Slice(f * FrameHop, FrameLength));");
            w.Line("ReadOnlySpan<int> samples = s.Samples.AsSpan(f * FrameHop, FrameLength);");
            if (fe.StatCount > 0) w.Line("samples.CopyTo(s.Re); // the statistics take the frame as an array");
            string frame = "int exponent = " + Signal + "FrontEndFrame.Run(samples, s_spectrumPlan, s.Work, " + (fe.Magnitude ? "true" : "false") + ", s.Spectrum, "
                + (fe.HasFilterBank ? "FilterFirst, FilterCount, FilterWeight, " : "null, null, null, ") + "s.Sums, s.Bank, "
                + (fe.HasLog ? "true, Log2Table" : "false, null") + ", DecibelsPerOctaveQ24, FloorQ8, s.Result);";
            FrontEndConstants.FrameBody(w, fe, FrontEnd, n => "s." + n, frame);
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }
    }
}
