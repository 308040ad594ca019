using System.Collections.Generic;
using System.Linq;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters
{
    /// <summary>
    /// The front-end's constants and tables as both flavors declare them (static readonly arrays: EdgeVae.Contract's
    /// <c>FixedFrontEnd</c> computes over arrays, the same source on desktop .NET and on nanoFramework), and the call of
    /// <c>FixedFrontEnd.Frame</c> on them.
    /// </summary>
    internal static class FrontEndConstants
    {
        public static void Emit(IndentedWriter w, QuantizedFrontEnd fe, string modifiers)
        {
            w.Line("/// <summary>The front-end: frames of FrameLength samples every FrameHop, FrameFeatures features each, per channel.</summary>");
            w.Line("public const int FrameLength = " + fe.FrameLength + ";");
            w.Line("public const int FrameHop = " + fe.Hop + ";");
            w.Line("public const int Frames = " + fe.Frames + ";");
            w.Line("public const int FrameFeatures = " + fe.FrameFeatures + ";");
            w.Line("private const int SpectrumBins = " + fe.Bins + ";");
            w.Line("private const int SpectralFeatures = " + fe.SpectralFeatures + ";");
            w.Line("private const int StatCount = " + fe.StatCount + ";");
            w.Line("private const int DecibelsPerOctaveQ24 = " + fe.DecibelsPerOctaveQ24 + ";");
            w.Line("private const int FloorQ8 = " + fe.FloorQ8 + ";");
            Array(w, modifiers, "float", "FrontEndInputScale", fe.InputScale.Select(IndentedWriter.Float));
            if (fe.HasWindow) Array(w, modifiers, "short", "FrontEndWindow", fe.Window.Select(v => IndentedWriter.Int(v)));
            if (fe.HasSpectrum)
            {
                Array(w, modifiers, "short", "FrontEndCos", fe.Cos.Select(v => IndentedWriter.Int(v)));
                Array(w, modifiers, "short", "FrontEndSin", fe.Sin.Select(v => IndentedWriter.Int(v)));
            }
            if (fe.StatCount > 0) Array(w, modifiers, "int", "StatKinds", fe.StatKinds.Select(v => IndentedWriter.Int(v)));
            if (fe.HasFilterBank)
            {
                Array(w, modifiers, "int", "FilterFirst", fe.FilterFirst.Select(v => IndentedWriter.Int(v)));
                Array(w, modifiers, "int", "FilterCount", fe.FilterCount.Select(v => IndentedWriter.Int(v)));
                Array(w, modifiers, "int", "FilterWeight", fe.FilterWeight.Select(v => IndentedWriter.Int(v)));
            }
            if (fe.HasLog) Array(w, modifiers, "int", "Log2Table", fe.Log2Table.Select(v => IndentedWriter.Int(v)));
            w.Line();
        }

        /// <summary>The call of FixedFrontEnd.Frame on the scratch arrays <paramref name="scratch"/> names (Re, Im, Spectrum, Sums, Bank, Result).</summary>
        public static string FrameCall(QuantizedFrontEnd fe, string frontEndClass, System.Func<string, string> scratch) =>
            "int exponent = " + frontEndClass + ".Frame(" + scratch("Re") + ", " + scratch("Im") + ", " + (fe.HasWindow ? "FrontEndWindow" : "null") + ", FrontEndCos, FrontEndSin, "
            + (fe.Magnitude ? "true" : "false") + ", " + scratch("Spectrum") + ", "
            + (fe.HasFilterBank ? "FilterFirst, FilterCount, FilterWeight, " : "null, null, null, ") + scratch("Sums") + ", " + scratch("Bank") + ", "
            + (fe.HasLog ? "true, Log2Table" : "false, null") + ", DecibelsPerOctaveQ24, FloorQ8, " + scratch("Result") + ");";

        /// <summary>The scratch arrays one frame needs: name, element type and length (Im only for FixedFrontEnd.Frame, which transforms in place).</summary>
        public static IEnumerable<(string Name, string Type, string Length)> Scratch(QuantizedFrontEnd fe, bool imaginary = true)
        {
            yield return ("Re", "int", "FrameLength");
            if (imaginary) yield return ("Im", "int", "FrameLength");
            yield return ("Spectrum", "int", "SpectrumBins");
            yield return ("Bank", "int", fe.HasFilterBank ? "SpectralFeatures" : "0");
            yield return ("Sums", "long", fe.HasFilterBank ? "SpectralFeatures" : "0");
            yield return ("Result", "int", "SpectralFeatures");
            yield return ("Stats", "float", "StatCount");
        }

        /// <summary>
        /// The body of the loop over one frame of channel c, after the samples are in <paramref name="scratch"/>("Re")
        /// (<paramref name="frameCall"/>: the flavor's statement that runs the spectral chain and declares <c>exponent</c>;
        /// <paramref name="featureOffset"/>: an expression and " + " before each index into <c>features</c>, or nothing):
        /// its statistics (from the samples, before the FFT overwrites them), its spectral features, both written to
        /// <c>features</c> interleaved by channel (NaN when <c>finite</c> is false).
        /// </summary>
        public static void FrameBody(IndentedWriter w, QuantizedFrontEnd fe, string frontEndClass, System.Func<string, string> scratch, string frameCall, string featureOffset = "")
        {
            if (fe.StatCount > 0) w.Line(frontEndClass + ".Statistics(" + scratch("Re") + ", StatKinds, " + scratch("Stats") + ");");
            if (fe.HasSpectrum)
            {
                w.Line(frameCall);
                // v · 2^exponent as ToFloat computes it (the int rounded to float, times the exact power of two), the power once per frame.
                w.Line("float unit = " + frontEndClass + ".ToFloat(1, exponent);");
                w.Line("for (int j = 0; j < SpectralFeatures; j++) features[" + featureOffset + "(f * FrameFeatures + j) * Channels + c] = finite ? " + scratch("Result") + "[j] * unit : float.NaN;");
            }
            if (fe.StatCount > 0)
                w.Line("for (int k = 0; k < StatCount; k++) features[" + featureOffset + "(f * FrameFeatures + SpectralFeatures + k) * Channels + c] = finite ? " + scratch("Stats") + "[k] : float.NaN;");
        }

        private static void Array(IndentedWriter w, string modifiers, string type, string name, IEnumerable<string> values)
        {
            w.Line(modifiers + " " + type + "[] " + name + " = new " + type + "[]");
            w.Open("");
            w.Values(values);
            w.Close(";");
        }
    }
}
