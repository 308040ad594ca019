using System.CommandLine;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Training;
using EdgeVae.Compiler.Emitters.DotNet;
using EdgeVae.Compiler.Emitters.NanoFramework;

namespace EdgeVae.Trainer.Cli;

/// <summary>
/// <c>edgevae emit</c>: the generator's emitters for build systems that do not run source generators
/// (nanoFramework's .nfproj) — the same source the analyzer would produce.
/// </summary>
public static class EmitCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae)." };
        var target = new Option<string>("--target") { Description = "dotnet (spans, SIMD, EdgeVae.Runtime) or nanoframework (C# 7.3, arrays, mscorlib 1.17 only).", DefaultValueFactory = _ => "dotnet" };
        var precision = new Option<string>("--precision") { Description = "int8, int16 or float32.", DefaultValueFactory = _ => "int8" };
        var className = new Option<string>("--class") { Description = "Name of the generated static class.", DefaultValueFactory = _ => "Model" };
        var ns = new Option<string>("--namespace") { Description = "Namespace of the generated class (empty: global).", DefaultValueFactory = _ => "" };
        var output = new Option<string>("--out", "-o") { Description = "C# file to write.", Required = true };
        var selfTest = new Option<int>("--self-test") { Description = "nanoframework: store the int8 latent codes of N normal validation samples and emit SelfTest(), which decodes them at boot and checks their scores stay under the threshold.", DefaultValueFactory = _ => 0 };
        var command = new Command("emit", "Write the generated C# for a model file, for .NET or for nanoFramework, without a source generator.");
        command.Arguments.Add(model);
        var learner = new Option<bool>("--learner") { Description = "Emit the on-device baseline learner: it learns the deployed machine's own input normalization and threshold from its first normal windows (Baseline.Begin, Learn, Save, Load)." };
        var sigmas = new Option<double>("--learner-sigmas") { Description = "The learned threshold: the mean normal score plus K standard deviations (0–64).", DefaultValueFactory = _ => 3.0 };
        foreach (var o in new Option[] { target, precision, className, ns, output, selfTest, learner, sigmas }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string path = r.GetValue(model)!;
            var m = ModelImporter.Load(path);
            var p = r.GetValue(precision) switch
            {
                "int8" => EmitPrecision.Int8,
                "int16" => EmitPrecision.Int16,
                "float32" => EmitPrecision.Float32,
                var v => throw new ArgumentException($"--precision \"{v}\": use int8, int16 or float32."),
            };
            var t = r.GetValue(target) switch
            {
                "dotnet" => EmitTarget.DotNet,
                "nanoframework" or "nano" => EmitTarget.NanoFramework,
                var v => throw new ArgumentException($"--target \"{v}\": use dotnet or nanoframework."),
            };
            string cls = r.GetValue(className)!, space = r.GetValue(ns)!;
            if (Identifiers.Sanitize(cls) != cls) throw new ArgumentException($"--class \"{cls}\" is not a C# identifier (try {Identifiers.Sanitize(cls)}).");
            if (space.Split('.').Any(part => part.Length > 0 && Identifiers.Sanitize(part) != part) || space.StartsWith('.') || space.EndsWith('.'))
                throw new ArgumentException($"--namespace \"{space}\" is not a dotted C# name.");
            var options = new EmitOptions(space, cls, "public", p, t, Path.GetFileName(path), r.GetValue(learner), r.GetValue(sigmas));
            EmitResult result;
            try
            {
                int k = r.GetValue(selfTest);
                if (k < 0 || k > 64) throw new ArgumentException("--self-test takes 0 to 64 samples.");
                if (k > 0 && (t != EmitTarget.NanoFramework || p != EmitPrecision.Int8)) throw new ArgumentException("--self-test is for --target nanoframework --precision int8.");
                result = t == EmitTarget.NanoFramework ? NanoFrameworkEmitter.Emit(m, options, k > 0 ? SelfTestCodes(m, k) : null) : DotNetEmitter.Emit(m, options);
                if (t == EmitTarget.NanoFramework) NanoFrameworkLimits.Check(m, options);
            }
            catch (QuantizationException e)
            {
                throw new ModelFileException($"{path}: {e.Message}");
            }
            AtomicFile.WriteAllText(r.GetValue(output)!, result.Source);
            if (result.ThresholdNote is { } note)
                Console.Error.WriteLine($"warning: {path} has no {options.PrecisionName} threshold; using {(note == "none" ? "none (IsAnomaly is never true)" : note)}. Run 'edgevae calibrate --precision {options.PrecisionName}'.");
            Console.Error.WriteLine($"wrote {r.GetValue(output)} ({t.ToString().ToLowerInvariant()}, {options.PrecisionName}): {result.FlashBytes} bytes flash, {result.RamBytes} bytes RAM, {result.Macs} MACs per inference");
            return 0;
        }));
        return command;
    }

    /// <summary>Dequantized int8 latent codes (μ) of the first normal validation samples of the model's own data.</summary>
    private static float[][] SelfTestCodes(Compiler.Model.ModelDescription m, int count)
    {
        string spec = ModelImporter.TrainingText(m, "data") ?? throw new ArgumentException("--self-test needs the model's training data, and the model file does not name it.");
        var options = new Data.DataOptions { Window = m.Data.Window > 0 ? m.Data.Window : 64, NormalClass = (int?)ModelImporter.TrainingNumber(m, "normal_class") };
        var splits = Data.DataSources.Load(spec, options);
        DataArguments.Fits(m, splits.Validation, spec);
        splits = FrontEnd.ModelFeatures.Map(splits, d => FrontEnd.ModelFeatures.Of(m, d));
        var normal = splits.IsAnomaly is null ? splits.Validation : splits.Validation.Where(l => !splits.IsAnomaly(l));
        var q = Quantizer.Quantize(m, QuantizedPrecision.Int8);
        var sim = new Simulation.IntegerSimulator(q);
        var latent = q.Latent;
        return Enumerable.Range(0, Math.Min(count, normal.Count)).Select(i =>
        {
            sim.Run(normal.Row(i));
            return Enumerable.Range(0, m.LatentSize).Select(j => latent.Dequantize(sim.LatentCodes[j])).ToArray();
        }).ToArray();
    }
}
