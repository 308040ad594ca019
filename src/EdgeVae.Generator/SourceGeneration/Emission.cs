using System;
using System.Collections.Generic;
using System.Globalization;
using EdgeVae.Generator.Diagnostics;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Emitters.DotNet;
using EdgeVae.Compiler.Emitters.NanoFramework;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using Microsoft.CodeAnalysis;

namespace EdgeVae.Generator.SourceGeneration
{
    /// <summary>Spec → source and diagnostics (pure: the same spec always gives the same output).</summary>
    internal static class Emission
    {
        public static GenerationOutput Emit(GenerationSpec spec)
        {
            var r = spec.Request;
            string hint = (r.Namespace.Length > 0 ? r.Namespace + "." : "") + r.ClassName + ".EdgeVae.g.cs";
            if (spec.Model == null) return new GenerationOutput(hint, null, spec.Errors);
            var diagnostics = new List<DiagnosticInfo>();
            var options = new EmitOptions(r.Namespace, r.ClassName, r.Accessibility, r.Precision, r.Target, spec.FileName);
            EmitResult result;
            try
            {
                if (r.Target == EmitTarget.NanoFramework)
                {
                    result = NanoFrameworkEmitter.Emit(spec.Model, options);
                    NanoFrameworkLimits.Check(spec.Model, options);
                }
                else result = DotNetEmitter.Emit(spec.Model, options);
            }
            catch (QuantizationException e)
            {
                diagnostics.Add(Info("EVAE009", r.AttributeLocation, spec.FileName, options.PrecisionName, e.Message));
                return new GenerationOutput(hint, null, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
            }
            if (result.ThresholdNote != null)
                diagnostics.Add(Info("EVAE011", r.AttributeLocation, spec.FileName, options.PrecisionName, result.ThresholdNote == "none" ? "float32" : result.ThresholdNote.Split(':')[0],
                    result.ThresholdNote == "none" ? "no threshold at all: IsAnomaly is never true" : result.ThresholdNote));
            bool over = false;
            if (r.RamBudget > 0 && result.RamBytes > r.RamBudget)
            {
                diagnostics.Add(Info("EVAE008", r.AttributeLocation, r.ClassName, Num(result.RamBytes), "RAM", "RamBudget", Num(r.RamBudget)));
                over = true;
            }
            if (r.FlashBudget > 0 && result.FlashBytes > r.FlashBudget)
            {
                diagnostics.Add(Info("EVAE008", r.AttributeLocation, r.ClassName, Num(result.FlashBytes), "flash", "FlashBudget", Num(r.FlashBudget)));
                over = true;
            }
            diagnostics.Add(Info("EVAE010", r.AttributeLocation, r.ClassName, options.PrecisionName, Num(result.FlashBytes), Num(result.RamBytes), Num(result.Macs)));
            return new GenerationOutput(hint, over ? null : result.Source, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
        }

        private static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);

        private static DiagnosticInfo Info(string id, LocationInfo? at, params string[] args) => new DiagnosticInfo(id, at, new EquatableArray<string>(args));

        public static Diagnostic ToDiagnostic(DiagnosticInfo d)
        {
            var descriptor = d.Id switch
            {
                "EVAE001" => DiagnosticDescriptors.ModelFileNotFound,
                "EVAE002" => DiagnosticDescriptors.Unparsable,
                "EVAE003" => DiagnosticDescriptors.UnsupportedVersion,
                "EVAE004" => DiagnosticDescriptors.InconsistentModel,
                "EVAE005" => DiagnosticDescriptors.ModelTooLarge,
                "EVAE006" => DiagnosticDescriptors.BadAttributeArgument,
                "EVAE007" => DiagnosticDescriptors.NotStaticPartial,
                "EVAE008" => DiagnosticDescriptors.BudgetExceeded,
                "EVAE009" => DiagnosticDescriptors.NotCalibrated,
                "EVAE010" => DiagnosticDescriptors.ModelReport,
                _ => DiagnosticDescriptors.ThresholdFallback,
            };
            object[] args = new object[d.Arguments.Count];
            for (int i = 0; i < args.Length; i++) args[i] = d.Arguments[i];
            return Diagnostic.Create(descriptor, d.Location?.ToLocation() ?? Location.None, args);
        }
    }
}
