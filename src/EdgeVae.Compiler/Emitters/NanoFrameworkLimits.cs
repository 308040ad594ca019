using System.Collections.Generic;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters
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
            long init = 8L * model.InputSize; // NormOffset, NormScale
            int fields = 2 + 8;                // + the scratch buffers
            foreach (var l in model.Layers)
            {
                long weights = (long)l.InFeatures * l.OutFeatures;
                if (precision == EmitPrecision.Float32) { init += 4 * weights + 4L * l.OutFeatures; fields += 2; }
                else
                {
                    bool table = l.Activation != ActivationFunction.Identity && l.Activation != ActivationFunction.Relu;
                    init += weights + 12L * l.OutFeatures + (table ? 256 : 0);
                    fields += table ? 5 : 4;
                }
            }
            if (model.Kind == ModelKind.Variational && precision == EmitPrecision.Int8) { init += 2048; fields += 2; }
            // Per layer a method of about 200 bytes and four field initialisations; the fixed API about 2.5 KB.
            long il = 2500 + 280L * model.Layers.Count;
            return (init, fields, il);
        }

        /// <summary>Every limit the model exceeds, as sentences that name the limit, the model's figure and what to change.</summary>
        public static IReadOnlyList<string> Violations(ModelDescription model, EmitPrecision precision)
        {
            var (init, fields, il) = Measure(model, precision);
            var problems = new List<string>();
            if (init > MaxInitializerBytes)
                problems.Add("its weights and constants need " + init + " bytes of array-initializer data, over nanoFramework's " + MaxInitializerBytes +
                    "-byte signature-table limit; use int8, fewer or narrower layers (the largest layer has " + LargestLayer(model) + " weights), or split the model across assemblies");
            if (fields > MaxStaticFields)
                problems.Add("it needs " + fields + " static fields in one type, over nanoFramework's limit of " + MaxStaticFields + "; use fewer layers");
            if (il > MaxIlBytes)
                problems.Add("its code is about " + il + " bytes of IL, over nanoFramework's " + MaxIlBytes + "-byte limit per assembly; use fewer layers");
            return problems;
        }

        /// <summary>Throws <see cref="QuantizationException"/> (the emitter's "cannot compile" error) when a limit is exceeded.</summary>
        public static void Check(ModelDescription model, EmitResult result, EmitOptions options)
        {
            var problems = Violations(model, options.Precision);
            if (problems.Count > 0) throw new QuantizationException("model '" + model.Name + "' does not fit nanoFramework: " + string.Join("; ", problems));
        }

        private static long LargestLayer(ModelDescription model)
        {
            long max = 0;
            foreach (var l in model.Layers) max = System.Math.Max(max, (long)l.InFeatures * l.OutFeatures);
            return max;
        }
    }
}
