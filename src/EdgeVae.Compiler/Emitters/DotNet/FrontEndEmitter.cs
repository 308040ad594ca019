using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.DotNet
{
    /// <summary>
    /// The .NET flavor's front-end: <c>ComputeFeatures(input, features)</c>, each sample quantized to int16 at its channel's
    /// full scale (<c>QuantParams.Quantize</c>), each frame of each channel through EdgeVae.Runtime's vectorised
    /// <c>FrontEndFrame</c> (statistics through EdgeVae.Contract's <c>FixedFrontEnd</c>), its integers turned into float
    /// features — the trainer's <c>FrontEndSimulation</c>, integer for integer. The spectrum's plan is built once per
    /// model; the working arrays are per thread, allocated on a thread's first call, so a call allocates nothing.
    /// </summary>
    internal static class FrontEndEmitter
    {
        private const string FrontEnd = DotNetContext.Contract + "FixedFrontEnd";

        private const string Signal = "global::EdgeVae.Runtime.Signal.";

        /// <summary>
        /// RAM of the .NET flavor's front-end: the contract's working arrays with the out-of-place transform's work memory
        /// instead of the imaginary part, a channel's quantized samples (and its de-interleaved floats), and the spectrum's
        /// plan (window, twiddles and per-stage twiddles as int32).
        /// </summary>
        public static long RamBytes(QuantizedFrontEnd fe) => fe.RamBytes - 4L * fe.FrameLength + 4L * Steps(fe) * (fe.Channels > 1 ? 2 : 1)
            + (fe.HasSpectrum ? 4L * (WorkLength(fe) + fe.Window.Count + fe.Cos.Count + fe.Sin.Count + 2 * (fe.FrameLength / 2 - 1)) : 0);

        /// <summary>EdgeVae.Runtime's SpectrumPlan.WorkLength: two pairs of n/2 + 1.</summary>
        private static int WorkLength(QuantizedFrontEnd fe) => 4 * (fe.FrameLength / 2 + 1);

        public static void Emit(IndentedWriter w, QuantizedFrontEnd fe)
        {
            FrontEndConstants.Emit(w, fe, "private static readonly");
            if (fe.HasSpectrum)
                w.Line("private static readonly " + Signal + "SpectrumPlan s_spectrumPlan = new " + Signal + "SpectrumPlan(FrameLength, "
                    + (fe.HasWindow ? "FrontEndWindow" : "default") + ", FrontEndCos, FrontEndSin);");
            w.Open("private sealed class FrontEndScratch");
            foreach (var (name, type, length) in FrontEndConstants.Scratch(fe, imaginary: false))
                w.Line("internal readonly " + type + "[] " + name + " = new " + type + "[" + length + "];");
            if (fe.HasSpectrum) w.Line("internal readonly int[] Work = new int[" + WorkLength(fe) + "];");
            // One channel's samples as int16 codes, each quantized once however many frames share it (and as floats, de-interleaved, when there are several channels).
            w.Line("internal readonly int[] Samples = new int[" + Steps(fe) + "];");
            if (fe.Channels > 1) w.Line("internal readonly float[] Channel = new float[" + Steps(fe) + "];");
            w.Close();
            w.Line();
            w.Line("[ThreadStatic] private static FrontEndScratch? t_frontEnd;");
            w.Line();
            w.Line("/// <summary>The features the network takes, computed from one raw window by the fixed-point front-end (NaN for a frame holding a non-finite sample).</summary>");
            w.Line("public static void ComputeFeatures(ReadOnlySpan<float> input, Span<float> features) => ComputeFeatures(input, features, 0);");
            w.Line();
            w.Line("/// <summary>The features of frames <paramref name=\"firstFrame\"/> … Frames − 1 (a frame's features are FrameFeatures × Channels values in a row, frame after frame).</summary>");
            w.Open("private static void ComputeFeatures(ReadOnlySpan<float> input, Span<float> features, int firstFrame)");
            w.Line("CheckLength(input.Length, InputLength, nameof(input));");
            w.Line("CheckLength(features.Length, FeatureLength, nameof(features));");
            w.Line("var s = t_frontEnd ??= new FrontEndScratch();");
            w.Line("int from = firstFrame * FrameHop;");
            w.Open("for (int c = 0; c < Channels; c++)");
            if (fe.Channels > 1)
            {
                w.Line("for (int t = from; t < " + Steps(fe) + "; t++) s.Channel[t] = input[t * Channels + c];");
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
            w.Line();
            w.Line("/// <summary>Whether every value is finite (v − v is NaN for NaN and ±∞).</summary>");
            w.Open("private static bool AllFinite(ReadOnlySpan<float> x)");
            w.Line("foreach (float v in x) if (!(v - v == 0)) return false;");
            w.Line("return true;");
            w.Close();
            w.Line();
        }

        /// <summary>The time steps the frames cover: (Frames − 1)·hop + length, at most the window's.</summary>
        private static int Steps(QuantizedFrontEnd fe) => (fe.Frames - 1) * fe.Hop + fe.FrameLength;
    }
}
