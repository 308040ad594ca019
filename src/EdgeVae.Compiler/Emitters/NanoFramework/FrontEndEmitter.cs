using System.IO;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.NanoFramework
{
    /// <summary>
    /// The nanoFramework flavor's front-end: its tables as initializer data, its working arrays preallocated, and
    /// <c>ComputeFeatures</c> — the .NET flavor's loop over arrays, the samples rounded by the flavor's own
    /// RoundHalfAwayFromZero — calling EdgeVae.Contract's <c>FixedFft</c> and <c>FixedFrontEnd</c>, whose sources are nested
    /// in the model class as they are (C# 7.3 over mscorlib only).
    /// </summary>
    internal static class FrontEndEmitter
    {
        private const string Begin = "// nanoFramework: begin", End = "// nanoFramework: end";

        public static void EmitData(IndentedWriter w, QuantizedFrontEnd fe)
        {
            FrontEndConstants.Emit(w, fe, "private static readonly");
            foreach (var (name, type, length) in FrontEndConstants.Scratch(fe))
                w.Line("private static readonly " + type + "[] s_fe" + name + " = new " + type + "[" + length + "];");
            w.Line("private static readonly float[] s_features = new float[FeatureLength];");
            w.Line();
        }

        public static void EmitMethods(IndentedWriter w, QuantizedFrontEnd fe, bool quantized)
        {
            w.Line("/// <summary>The features the network takes, computed from one raw window by the fixed-point front-end (NaN for a frame holding a non-finite sample).</summary>");
            w.Open("public static void ComputeFeatures(float[] input, float[] features)");
            w.Line("CheckLength(input, InputLength, \"input\");");
            w.Line("CheckLength(features, FeatureLength, \"features\");");
            w.Open("for (int c = 0; c < Channels; c++)");
            w.Line("float scale = FrontEndInputScale[c];");
            w.Open("for (int f = 0; f < Frames; f++)");
            w.Line("bool finite = true;");
            w.Open("for (int t = 0; t < FrameLength; t++)");
            w.Line("float v = input[(f * FrameHop + t) * Channels + c];");
            // double.IsNaN, native on nanoCLR: its comparisons with NaN differ from .NET's.
            w.Line("if (double.IsNaN(v - v)) finite = false;");
            w.Line("int q = RoundHalfAwayFromZero(v / scale);");
            w.Line("s_feRe[t] = q < -32767 ? -32767 : q > 32767 ? 32767 : q;");
            w.Close();
            FrontEndConstants.FrameBody(w, fe, "FixedFrontEnd", n => "s_fe" + n);
            w.Close();
            w.Close();
            w.Close();
            w.Line();
            Nest(w, "EdgeVae.Contract.FixedFft.cs"); // FixedFrontEnd calls it, whether this chain has a spectrum or not
            Nest(w, "EdgeVae.Contract.FixedFrontEnd.cs");
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
