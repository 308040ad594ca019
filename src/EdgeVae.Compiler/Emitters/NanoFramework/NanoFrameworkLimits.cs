using System.Collections.Generic;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Emitters.NanoFramework
{
    /// <summary>
    /// nanoFramework's metadata-processor limits (its PE format and signature table), checked before any code is written: array
    /// initializer data lives in the assembly's 16-bit-addressed signature table (≤ 64 KB in all), a type holds at
    /// most 255 static fields, and an assembly at most 64 KB of IL.
    /// </summary>
    public static class NanoFrameworkLimits
    {
        public const int MaxInitializerBytes = 65535;
        public const int MaxStaticFields = 255;
        public const int MaxIlBytes = 65535;

        /// <summary>The model's initializer bytes, static fields and an upper estimate of its IL bytes.</summary>
        public static (long InitializerBytes, int StaticFields, long IlBytes) Measure(ModelDescription model, EmitPrecision precision)
        {
            var graph = model.Graph;
            bool quantized = precision != EmitPrecision.Float32, int16 = precision == EmitPrecision.Int16;
            long init = 8L * model.FeatureSize; // NormOffset, NormScale
            int fields = 2 + 6, steps = 0;      // + the scratch buffers
            if (FrontEndLayout.Of(model) is { } frontEnd)
            {
                // Its tables (and the feature-to-channel table), per chain seven working arrays and its code, and about
                // 2 KB of FFT, filter-bank and log code.
                init += frontEnd.FlashBytes;
                fields += 6;
                steps += 6;
                foreach (var part in frontEnd.Parts)
                {
                    fields += part.Quantized != null ? 16 : 0;
                    steps += part.Quantized != null ? 2 : 1;
                }
            }
            for (int i = graph.NormalizeIndex + 1; i < graph.Count; i++)
            {
                var op = graph[i];
                long weights = op is DenseOp d ? (long)d.InFeatures * d.OutFeatures : op is Conv1DOp c ? (long)c.OutChannels * c.FanIn : 0;
                int outputs = op is DenseOp d2 ? d2.OutFeatures : op is Conv1DOp c2 ? c2.OutChannels : 0;
                if (weights > 0)
                {
                    // int8 weights; bias (int32, or int64 for int16), multiplier and shift per output.
                    if (quantized) { init += weights + (int16 ? 16L : 12L) * outputs; fields += 4; }
                    else { init += 4 * weights + 4L * outputs; fields += 2; }
                }
                if (quantized && op is ActivationOp a && a.Function != ActivationFunction.Identity && !Quantizer.IsFused(graph, i))
                {
                    init += int16 ? 2L * Int16Table.Entries : 256;
                    fields += 1;
                }
                if (!op.MovesDataOnly || op is TransposeOp || op is UpsampleOp) steps++;
            }
            // −ELBO's tables (int8 codes only).
            if (model.Kind == ModelKind.Variational && precision == EmitPrecision.Int8) { init += 2048; fields += 2; }
            // A standardised score's ResidualMean and ResidualWeight.
            string name = precision == EmitPrecision.Int8 ? "int8" : int16 ? "int16" : "float32";
            if (Thresholds.Standardization(model, name) != null) { init += 8L * model.FeatureSize; fields += 2; }
            // Per step a method of about 200 bytes and four field initialisations; the fixed API about 2.5 KB.
            long il = 2500 + 280L * steps;
            return (init, fields, il);
        }

        /// <summary>Every limit the model exceeds, as sentences that name the limit, the model's figure and what to change.</summary>
        public static IReadOnlyList<string> Violations(ModelDescription model, EmitPrecision precision)
        {
            var (init, fields, il) = Measure(model, precision);
            var problems = new List<string>();
            if (init > MaxInitializerBytes)
                problems.Add("its weights and constants need " + init + " bytes of array-initializer data, over nanoFramework's " + MaxInitializerBytes +
                    "-byte signature-table limit; use " + (precision == EmitPrecision.Int8 ? "" : "int8, ") + "fewer or narrower layers (the largest layer has " + LargestLayer(model) + " weights), or split the model across assemblies");
            if (fields > MaxStaticFields)
                problems.Add("it needs " + fields + " static fields in one type, over nanoFramework's limit of " + MaxStaticFields + "; use fewer layers");
            if (il > MaxIlBytes)
                problems.Add("its code is about " + il + " bytes of IL, over nanoFramework's " + MaxIlBytes + "-byte limit per assembly; use fewer layers");
            return problems;
        }

        /// <summary>Throws <see cref="QuantizationException"/> (the emitter's "cannot compile" error) when a limit is exceeded.</summary>
        public static void Check(ModelDescription model, EmitOptions options)
        {
            var problems = Violations(model, options.Precision);
            if (problems.Count > 0) throw new QuantizationException("model '" + model.Name + "' does not fit nanoFramework: " + string.Join("; ", problems));
        }

        private static long LargestLayer(ModelDescription model)
        {
            long max = 0;
            foreach (var op in model.Graph.Ops)
                max = System.Math.Max(max, op is DenseOp d ? (long)d.InFeatures * d.OutFeatures : op is Conv1DOp c ? (long)c.OutChannels * c.FanIn : 0);
            return max;
        }
    }
}
