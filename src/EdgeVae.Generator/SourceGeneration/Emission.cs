using System;
using System.Collections.Generic;
using System.Globalization;
using EdgeVae.Generator.Diagnostics;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Emitters.DotNet;
using EdgeVae.Compiler.Emitters.NanoFramework;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Generator.SourceGeneration
{
    /// <summary>
    /// Spec → source and diagnostics (pure: the same spec always gives the same output). Nothing thrown below escapes:
    /// a model the compiler cannot take is EVAE009, and anything else — a defect — is EVAE012, never a failed generator.
    /// </summary>
    internal static class Emission
    {
        public static GenerationOutput Emit(GenerationSpec spec)
        {
            var r = spec.Request;
            string hint = r.Key + ".EdgeVae.g.cs";
            if (spec.Model == null) return new GenerationOutput(r.Key, hint, null, spec.Errors);
            var options = new EmitOptions(r.Namespace, r.ClassName, r.Accessibility, r.Precision, r.Target, spec.FileName, r.Learner, r.LearnerSigmas);
            try
            {
                var output = Emit(spec.Model, r, options, hint, spec.FileName);
                // Warnings from reading the file (a missing checksum) come first.
                return spec.Errors.Count == 0 ? output
                    : output with { Diagnostics = new EquatableArray<DiagnosticInfo>(System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Concat(spec.Errors, output.Diagnostics))) };
            }
            catch (Exception e) when (e is QuantizationException || e is GraphException)
            {
                return Failed(r, hint, DiagnosticInfo.AtAttribute(DiagnosticDescriptors.NotCalibrated, spec.FileName, options.PrecisionName, e.Message));
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return Failed(r, hint, DiagnosticInfo.AtAttribute(DiagnosticDescriptors.InternalError,
                    "compiling model file '" + spec.FileName + "' for '" + r.ClassName + "' (" + options.PrecisionName + ")",
                    e.GetType().Name + ": " + e.Message));
            }
        }

        private static GenerationOutput Emit(ModelDescription model, ModelRequest r, EmitOptions options, string hint, string fileName)
        {
            var diagnostics = new List<DiagnosticInfo>();
            EmitResult result;
            if (r.Target == EmitTarget.NanoFramework)
            {
                result = NanoFrameworkEmitter.Emit(model, options);
                NanoFrameworkLimits.Check(model, options);
            }
            else result = DotNetEmitter.Emit(model, options);
            if (result.ThresholdNote != null)
                diagnostics.Add(DiagnosticInfo.AtAttribute(DiagnosticDescriptors.ThresholdFallback, fileName, options.PrecisionName,
                    result.ThresholdNote == "none" ? "float32" : result.ThresholdNote.Split(':')[0],
                    result.ThresholdNote == "none" ? "no threshold at all: IsAnomaly is never true" : result.ThresholdNote));
            // Over budget is an error, but the members are still emitted: the one error says why, without a cascade of
            // "TestModel does not contain a definition for Score" wherever the class is used.
            if (r.RamBudget > 0 && result.RamBytes > r.RamBudget)
                diagnostics.Add(DiagnosticInfo.AtAttribute(DiagnosticDescriptors.BudgetExceeded, r.ClassName, Num(result.RamBytes), "RAM", "RamBudget", Num(r.RamBudget),
                    Advice(model, options, result.RamBytes, ram: true)));
            if (r.FlashBudget > 0 && result.FlashBytes > r.FlashBudget)
                diagnostics.Add(DiagnosticInfo.AtAttribute(DiagnosticDescriptors.BudgetExceeded, r.ClassName, Num(result.FlashBytes), "flash", "FlashBudget", Num(r.FlashBudget),
                    Advice(model, options, result.FlashBytes, ram: false)));
            diagnostics.Add(DiagnosticInfo.AtAttribute(DiagnosticDescriptors.ModelReport, r.ClassName, options.PrecisionName, Num(result.FlashBytes), Num(result.RamBytes), Num(result.Macs)));
            return new GenerationOutput(r.Key, hint, result.Source, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
        }

        /// <summary>What would bring the model under its budget: int8 with its figure when the model is not int8 already, else a smaller model or a larger budget.</summary>
        private static string Advice(ModelDescription model, EmitOptions options, long now, bool ram)
        {
            if (options.Precision != EmitPrecision.Int8)
            {
                try
                {
                    var int8 = options with { Precision = EmitPrecision.Int8 };
                    var result = options.Target == EmitTarget.NanoFramework ? NanoFrameworkEmitter.Emit(model, int8) : DotNetEmitter.Emit(model, int8);
                    long at8 = ram ? result.RamBytes : result.FlashBytes;
                    return at8 < now
                        ? "at int8 it needs " + Num(at8) + " (Precision = EdgeVaePrecision.Int8); or use a smaller model, or raise the budget"
                        : "at int8 it would need " + Num(at8) + ", no less (a model this small is mostly per-layer constants): use a smaller model, or raise the budget";
                }
                catch (QuantizationException)
                {
                    return "int8 would need about a quarter of float32's bytes (calibrate the model first: edgevae calibrate); or use a smaller model, or raise the budget";
                }
            }
            return "the model is int8 already: use a smaller model (fewer or narrower layers, a smaller window), or raise the budget";
        }

        private static GenerationOutput Failed(ModelRequest r, string hint, DiagnosticInfo d) =>
            new GenerationOutput(r.Key, hint, null, new EquatableArray<DiagnosticInfo>(new[] { d }));

        private static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
