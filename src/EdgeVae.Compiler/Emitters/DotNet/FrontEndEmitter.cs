using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.DotNet
{
    /// <summary>
    /// The .NET flavor's front-end: <c>ComputeFeatures(input, features)</c>, each sample quantized to int16 at its channel's
    /// full scale (<c>QuantParams.Quantize</c>), each frame of each channel through EdgeVae.Contract's <c>FixedFrontEnd</c>,
    /// its integers turned into float features — the trainer's <c>FrontEndSimulation</c>, operation for operation. The
    /// working arrays are per thread, allocated on a thread's first call, so a call allocates nothing.
    /// </summary>
    internal static class FrontEndEmitter
    {
        private const string FrontEnd = DotNetContext.Contract + "FixedFrontEnd";

        public static void Emit(IndentedWriter w, QuantizedFrontEnd fe)
        {
            FrontEndConstants.Emit(w, fe, "private static readonly");
            w.Open("private sealed class FrontEndScratch");
            foreach (var (name, type, length) in FrontEndConstants.Scratch(fe))
                w.Line("internal readonly " + type + "[] " + name + " = new " + type + "[" + length + "];");
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
            w.Open("for (int c = 0; c < Channels; c++)");
            w.Line("var sample = new " + DotNetContext.Contract + "QuantParams(FrontEndInputScale[c], 0);");
            w.Open("for (int f = firstFrame; f < Frames; f++)");
            w.Line("bool finite = true;");
            w.Open("for (int t = 0; t < FrameLength; t++)");
            w.Line("float v = input[(f * FrameHop + t) * Channels + c];");
            w.Line("if (!(v - v == 0)) finite = false;");
            w.Line("s.Re[t] = sample.Quantize(v, -32767, 32767);");
            w.Close();
            FrontEndConstants.FrameBody(w, fe, FrontEnd, n => "s." + n);
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }
    }
}
