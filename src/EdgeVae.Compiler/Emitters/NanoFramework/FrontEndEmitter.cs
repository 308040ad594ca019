using System.IO;
using System.Linq;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.NanoFramework
{
    /// <summary>
    /// The nanoFramework flavor's front-end: per chain a nested class (<c>FrontEnd0</c>, …) with its tables as initializer
    /// data, its working arrays preallocated, and <c>Compute</c> — the .NET flavor's loop over arrays, the samples rounded
    /// by the flavor's own RoundHalfAwayFromZero — calling EdgeVae.Contract's <c>FixedFft</c> and <c>FixedFrontEnd</c>,
    /// whose sources are nested in the model class as they are (C# 7.3 over mscorlib only); raw branches copy their
    /// channels' samples. <c>ComputeFeatures</c> runs the branches one after the other into the features.
    /// </summary>
    internal static class FrontEndEmitter
    {
        private const string Begin = "// nanoFramework: begin", End = "// nanoFramework: end";

        /// <summary>RAM of the working arrays (the chains' and the features, the stream's when it streams).</summary>
        public static long RamBytes(FrontEndLayout layout) => layout.Parts.Where(p => p.Quantized != null).Sum(p => p.Quantized!.RamBytes);

        public static void EmitData(IndentedWriter w, FrontEndLayout layout)
        {
            layout.EmitConstants(w);
            if (!layout.Interleaved)
            {
                w.Line("private static readonly int[] FeatureChannel = new int[]");
                w.Open("");
                w.Values(layout.FeatureChannels.Select(c => IndentedWriter.Int(c)));
                w.Close(";");
            }
            w.Line("private static readonly float[] s_features = new float[FeatureLength];");
            w.Line();
        }

        public static void EmitMethods(IndentedWriter w, FrontEndLayout layout, bool quantized, bool streaming)
        {
            foreach (var part in layout.Parts)
                if (part.Quantized != null) Chain(w, layout, part);
            w.Line("/// <summary>The features the network takes, computed from one raw window by the fixed-point front-end (NaN for a frame holding a non-finite sample).</summary>");
            w.Line("public static void ComputeFeatures(float[] input, float[] features) { ComputeFeatures(input, features, 0); }");
            w.Line();
            w.Line("/// <summary>The features of a window; with hop &gt; 0, only the frames a window moved by that many steps does not share with the one before (each branch's last ones).</summary>");
            w.Open("private static void ComputeFeatures(float[] input, float[] features, int hop)");
            w.Line("CheckLength(input, InputLength, \"input\");");
            w.Line("CheckLength(features, FeatureLength, \"features\");");
            layout.EmitBranches(w, (part, first) => part.Class + ".Compute(input, features, " + part.Branch.Offset + ", " + first + ");");
            w.Close();
            w.Line();
            ScoreFeatures(w, quantized);
            if (streaming) Streaming(w, layout, quantized);
            Nest(w, "EdgeVae.Contract.FixedFft.cs"); // FixedFrontEnd calls it, whether this chain has a spectrum or not
            Nest(w, "EdgeVae.Contract.FixedFrontEnd.cs");
        }

        /// <summary>A chain's nested class: its constants and tables, its working arrays and <c>Compute</c>.</summary>
        private static void Chain(IndentedWriter w, FrontEndLayout layout, FrontEndLayout.Part part)
        {
            var fe = part.Quantized!;
            var b = part.Branch;
            w.Line("/// <summary>Branch " + part.Index + " of the front-end: channels " + string.Join(", ", b.Channels) + " of the window, features " + b.Offset + " … " + (b.Offset + b.Features - 1) + ".</summary>");
            w.Open("private static class " + part.Class);
            w.Line("/// <summary>The branch's channels (its features are interleaved by them).</summary>");
            w.Line("public const int Channels = " + b.Channels.Count + ";");
            FrontEndConstants.Emit(w, fe, "private static readonly");
            if (!b.TakesAll(layout.InputChannels))
            {
                w.Line("private static readonly int[] SourceChannel = new int[]");
                w.Open("");
                w.Values(b.Channels.Select(c => IndentedWriter.Int(c)));
                w.Close(";");
            }
            foreach (var (name, type, length) in FrontEndConstants.Scratch(fe))
                w.Line("private static readonly " + type + "[] s_fe" + name + " = new " + type + "[" + length + "];");
            w.Line();
            w.Line("/// <summary>The branch's features, from <paramref name=\"offset\"/> in <paramref name=\"features\"/>, of frames <paramref name=\"firstFrame\"/> … Frames − 1.</summary>");
            w.Open("internal static void Compute(float[] input, float[] features, int offset, int firstFrame)");
            w.Open("for (int c = 0; c < Channels; c++)");
            w.Line("int source = " + (b.TakesAll(layout.InputChannels) ? "c" : "SourceChannel[c]") + "; // the window's channel");
            w.Line("float scale = FrontEndInputScale[c];");
            w.Open("for (int f = firstFrame; f < Frames; f++)");
            w.Line("bool finite = true;");
            w.Open("for (int t = 0; t < FrameLength; t++)");
            w.Line("float v = input[(f * FrameHop + t) * " + layout.InputChannels + " + source];");
            // double.IsNaN, native on nanoCLR: its comparisons with NaN differ from .NET's.
            w.Line("if (double.IsNaN(v - v)) finite = false;");
            w.Line("int q = RoundHalfAwayFromZero(v / scale);");
            w.Line("s_feRe[t] = q < -32767 ? -32767 : q > 32767 ? 32767 : q;");
            w.Close();
            FrontEndConstants.FrameBody(w, fe, "FixedFrontEnd", n => "s_fe" + n, FrontEndConstants.FrameCall(fe, "FixedFrontEnd", n => "s_fe" + n), "offset + ");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>
        /// <c>StreamingScore(window, hop, channelErrors)</c>: the score of a window that follows the previous one by
        /// <c>hop</c> steps (a multiple of FrameHop), moving the feature frames both share and computing only the new
        /// ones — the .NET flavor's StreamingScorer, with one stream held in static state as this flavor's scratch is. The
        /// kept samples are compared first (any NaN among them, or a change, and every frame is computed), so it gives
        /// Score's value whatever it is given.
        /// </summary>
        private static void Streaming(IndentedWriter w, FrontEndLayout layout, bool quantized)
        {
            // The stream's own features: Score and the others compute theirs in s_features between two streaming calls.
            w.Line("private static readonly float[] s_previous = new float[InputLength];");
            w.Line("private static readonly float[] s_streamFeatures = new float[FeatureLength];");
            w.Line("private static int s_previousHop;");
            w.Line();
            w.Line("/// <summary>Forgets the stream: the next StreamingScore computes every frame.</summary>");
            w.Line("public static void ResetStream() { s_previousHop = 0; }");
            w.Line();
            w.Line("/// <summary>Feature frames the last StreamingScore moved instead of computing.</summary>");
            w.Line("public static int LastReusedFrames;");
            w.Line();
            w.Open("public static float StreamingScore(float[] window, int hop, float[] channelErrors)");
            w.Line("CheckLength(window, InputLength, \"window\");");
            w.Line("if (hop <= 0 || hop >= WindowLength || hop % FrameHop != 0) throw new ArgumentOutOfRangeException(\"hop\", \"a streaming hop is at least 1, less than the window and a multiple of FrameHop\");");
            w.Line("int kept = InputLength - hop * Channels;");
            // double.IsNaN: nanoCLR's comparisons with NaN differ from .NET's, so a NaN must not pass for an equal sample.
            w.Line("bool reuse = s_previousHop == hop;");
            w.Line("for (int i = 0; reuse && i < kept; i++) { float a = window[i], b = s_previous[hop * Channels + i]; if (double.IsNaN(a) || double.IsNaN(b) || a != b) reuse = false; }");
            w.Line("Array.Copy(window, s_previous, InputLength);");
            w.Line("s_previousHop = hop;");
            w.Open("if (reuse)");
            layout.EmitCarryOver(w, "s_streamFeatures", "hop");
            w.Line("LastReusedFrames = reused;");
            w.Close();
            w.Open("else");
            w.Line("ComputeFeatures(window, s_streamFeatures, 0);");
            w.Line("LastReusedFrames = 0;");
            w.Close();
            w.Line("return ScoreFeatures(s_streamFeatures, channelErrors);");
            w.Close();
            w.Line();
        }

        /// <summary><c>ScoreFeatures(features, channelErrors)</c>: the score of features as they are (a stream's, the self-test's decoded ones), without the front-end.</summary>
        private static void ScoreFeatures(IndentedWriter w, bool quantized)
        {
            w.Line("/// <summary>The score of a front-end's features as they are, without the front-end.</summary>");
            w.Open("private static float ScoreFeatures(float[] features, float[] channelErrors)");
            w.Line("NormalizeFeatures(features, s_normalized);");
            if (quantized) w.Line("QuantizeInput(s_normalized, s_scratch);");
            w.Line("RunEncoder(" + (quantized ? "s_scratch" : "s_normalized") + ", s_code);");
            w.Line("RunDecoder(s_code, s_output, null);");
            w.Line("return ScoreOf(s_normalized, s_output, channelErrors);");
            w.Close();
            w.Line();
        }

        /// <summary>Writes the marked part of a contract source, nested in the model class.</summary>
        private static void Nest(IndentedWriter w, string resource)
        {
            using (var stream = typeof(FrontEndEmitter).Assembly.GetManifestResourceStream(resource))
            {
                if (stream == null) throw new QuantizationException(resource + " is missing from " + typeof(FrontEndEmitter).Assembly.GetName().Name + " (a build error)");
                using (var reader = new StreamReader(stream))
                {
                    string text = reader.ReadToEnd();
                    int from = text.IndexOf(Begin, System.StringComparison.Ordinal), to = text.IndexOf(End, System.StringComparison.Ordinal);
                    foreach (var line in text.Substring(from + Begin.Length, to - from - Begin.Length).Trim('\r', '\n').Replace("\r\n", "\n").Split('\n'))
                        w.Line(line.StartsWith("    ", System.StringComparison.Ordinal) ? line.Substring(4) : line.TrimStart());
                }
            }
            w.Line();
        }
    }
}
