using EdgeVae.Compiler.Model;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>firmware-samples/NanoFrameworkMonitor, checked by the stand-in for nanoFramework's build.</summary>
[Collection("console")]
public class SampleTests
{
    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("EdgeVae.sln not found");
    }

    private static string Sample => Path.Combine(Root(), "firmware-samples", "NanoFrameworkMonitor");

    /// <summary>Stands in for Board.cs (which needs the GPIO package): a replayed source and a recording LED.</summary>
    private const string TestBoard = """
        namespace NanoFrameworkMonitor
        {
            internal static class Board
            {
                public static ISampleSource CreateSampleSource() { return new Replay(); }
                public static IStatusLed CreateStatusLed() { return new Led(); }
                private sealed class Replay : ISampleSource
                {
                    private int _t;
                    public bool TryRead(float[] sample)
                    {
                        for (int c = 0; c < sample.Length; c++) sample[c] = 0.01f * ((_t * 7 + c) % 5);
                        _t++;
                        return true;
                    }
                }
                private sealed class Led : IStatusLed { public void Set(bool on) { } }
            }
        }
        """;

    /// <summary>Runs edgevae with its console captured; it must succeed.</summary>
    private static void Cli(params string[] args)
    {
        var (o, e) = (Console.Out, Console.Error);
        var err = new StringWriter();
        Console.SetOut(new StringWriter());
        Console.SetError(err);
        try
        {
            Assert.True(Trainer.Cli.EdgeVaeCli.Invoke(args) == 0, err.ToString());
        }
        finally
        {
            Console.SetOut(o);
            Console.SetError(e);
        }
    }

    [Fact]
    public void The_committed_model_source_is_what_edgevae_emit_writes()
    {
        string fresh = Path.Combine(Path.GetTempPath(), "edgevae-sample-" + Guid.NewGuid().ToString("N") + ".cs");
        Cli("emit", Path.Combine(Root(), "firmware-samples", "NativeAotMonitor", "motor.evae"), "--target", "nanoframework",
            "--class", "MotorModel", "--namespace", "NanoFrameworkMonitor", "--self-test", "4", "-o", fresh);
        Assert.True(File.ReadAllText(fresh) == File.ReadAllText(Path.Combine(Sample, "MotorModel.cs")),
            "firmware-samples/NanoFrameworkMonitor/MotorModel.cs is stale; regenerate it with the command in that folder's README.");
    }

    [Fact]
    public void The_committed_recording_is_what_edgevae_data_recording_writes()
    {
        string fresh = Path.Combine(Path.GetTempPath(), "edgevae-recording-" + Guid.NewGuid().ToString("N") + ".cs");
        Cli("data", "recording", "--seconds", "5", "--fault-seconds", "0.5", "--faults", "bearing,imbalance,dropout",
            "--seed", "2026", "--format", "nanoframework", "-o", fresh);
        Assert.True(File.ReadAllText(fresh) == File.ReadAllText(Path.Combine(Sample, "Recording.cs")),
            "firmware-samples/NanoFrameworkMonitor/Recording.cs is stale; regenerate it with the command in that folder's README.");
    }

    /// <summary>The project compiles every source of the folder, and every assembly it references comes from a package packages.config pins.</summary>
    [Fact]
    public void The_project_lists_every_source_and_packages_config_every_reference_with_its_version()
    {
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(Sample, "NanoFrameworkMonitor.nfproj"));
        var ns = project.Root!.Name.Namespace;
        var compiled = project.Descendants(ns + "Compile").Select(c => (string)c.Attribute("Include")!).Order(StringComparer.Ordinal).ToArray();
        var files = Directory.GetFiles(Sample, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, compiled);
        var packages = System.Xml.Linq.XDocument.Load(Path.Combine(Sample, "packages.config")).Descendants("package")
            .Select(p => (string)p.Attribute("id")! + "." + (string)p.Attribute("version")!).ToHashSet();
        var hints = project.Descendants(ns + "HintPath").Select(h => h.Value.Split('\\')[1]).ToArray();
        Assert.Equal(3, hints.Length);
        foreach (var hint in hints) Assert.Contains(hint, packages);
        Assert.Equal(packages.Count, hints.Length);
    }

    [Fact]
    public void The_sample_compiles_against_mscorlib_1_17_and_passes_the_il_scan()
    {
        var files = Directory.GetFiles(Sample, "*.cs").Where(f => Path.GetFileName(f) != "Board.cs").Select(File.ReadAllText).Append(TestBoard);
        var (errors, image) = NanoFrameworkBuild.Compile(files.ToArray());
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        var problems = NanoFrameworkBuild.Scan(image!);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_boot_self_test_passes()
    {
        var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(Sample, "MotorModel.cs")), new CSharpParseOptions(LanguageVersion.CSharp7_3));
        var compilation = CSharpCompilation.Create("SelfTest" + Guid.NewGuid().ToString("N"), [tree], Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        Assert.True(compilation.Emit(ms).Success);
        var type = Assembly.Load(ms.ToArray()).GetType("NanoFrameworkMonitor.MotorModel")!;
        Assert.Equal(4, type.GetField("SelfTestCount")!.GetRawConstantValue());
        Assert.True((bool)type.GetMethod("SelfTest")!.Invoke(null, null)!);
    }
}

/// <summary>The sample's detector on desktop .NET: non-finite samples are held, a burst of them is an input fault.</summary>
public class SampleDetectorTests
{
    private static string Sample
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "firmware-samples", "NanoFrameworkMonitor");
        }
    }

    [Fact]
    public void Sparse_nan_is_held_and_scored_and_a_nan_burst_is_an_input_fault_that_ends()
    {
        var trees = new[] { "MotorModel.cs", "WindowDetector.cs" }
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(Sample, f)), new CSharpParseOptions(LanguageVersion.CSharp7_3)));
        var compilation = CSharpCompilation.Create("Detector" + Guid.NewGuid().ToString("N"), trees, Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        Assert.True(compilation.Emit(ms).Success);
        var type = Assembly.Load(ms.ToArray()).GetType("NanoFrameworkMonitor.WindowDetector")!;
        dynamic detector = Activator.CreateInstance(type, 16)!;
        int faults = 0, scored = 0, finiteAfterBurst = 0;
        var sample = new float[4];
        for (int t = 0; t < 2000; t++)
        {
            for (int c = 0; c < 4; c++) sample[c] = 0.01f * ((t * 7 + c) % 5);
            if (t % 50 == 49) sample[1] = float.NaN;                      // sparse: held, still scored
            if (t >= 1000 && t < 1100) sample[0] = float.PositiveInfinity; // a burst: more than a quarter of a window
            bool changed = detector.Push(sample);
            if (changed && detector.InputFault) faults++;
            if (t >= 63 && (t - 63) % 16 == 0 && !float.IsNaN((float)detector.LastScore))
            {
                scored++;
                if (t > 1200) finiteAfterBurst++;
            }
        }
        Assert.Equal(1, faults);                 // reported once
        Assert.False((bool)detector.InputFault); // and over after the burst
        Assert.Equal(Enumerable.Range(0, 2000).Count(t => t % 50 == 49 || (t >= 1000 && t < 1100)), (int)detector.HeldSamples);
        Assert.True(finiteAfterBurst > 40, $"{finiteAfterBurst} windows scored after the burst");
        Assert.True(scored > 100);
    }
}

[CollectionDefinition("console", DisableParallelization = true)]
public class ConsoleCollection;

/// <summary>The boot self-test of a front-end model: the stored codes decode into features, which are scored as features.</summary>
public class FrontEndSelfTestTests
{
    /// <summary>The int8 codes of <paramref name="count"/> normal windows, dequantized, as <c>edgevae emit --self-test</c> stores them.</summary>
    internal static float[][] Codes(ModelDescription model, int count)
    {
        var q = Compiler.Quantization.Quantizer.Quantize(model, Compiler.Quantization.QuantizedPrecision.Int8);
        var sim = new Trainer.Simulation.IntegerSimulator(q);
        var windows = EdgeVae.EndToEnd.Tests.TrainedModels.MotorWindows(200);
        var normal = Trainer.FrontEnd.ModelFeatures.Of(model, windows.Where(l => l == 0));
        return Enumerable.Range(0, count).Select(i =>
        {
            sim.Run(normal.Row(i));
            return Enumerable.Range(0, model.LatentSize).Select(j => q.Latent.Dequantize(sim.LatentCodes[j])).ToArray();
        }).ToArray();
    }

    internal static string Emit(ModelDescription model, float[][] codes) => Compiler.Emitters.NanoFramework.NanoFrameworkEmitter.Emit(model,
        new Compiler.Emitters.EmitOptions("Device", "NanoModel", "public", Compiler.Emitters.EmitPrecision.Int8, Compiler.Emitters.EmitTarget.NanoFramework, "model.evae"), codes).Source;

    private static bool Run(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp7_3));
        var compilation = CSharpCompilation.Create("FeSelfTest" + Guid.NewGuid().ToString("N"), [tree], Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        Assert.True(compilation.Emit(ms).Success);
        return (bool)Assembly.Load(ms.ToArray()).GetType("Device.NanoModel")!.GetMethod("SelfTest")!.Invoke(null, null)!;
    }

    [Theory]
    [InlineData("bands+stats")]
    [InlineData("branched")]
    public void A_front_end_models_self_test_passes_and_fails_when_the_threshold_is_not_the_trained_one(string which)
    {
        var model = which == "branched" ? EdgeVae.EndToEnd.Tests.TrainedModels.Branched : EdgeVae.EndToEnd.Tests.TrainedModels.BandsStats;
        var codes = Codes(model, 8);
        Assert.True(Run(Emit(model, codes)));
        // The same codes under a threshold far below the normal scores: the check compares, it does not just say yes.
        var strict = model with { Thresholds = new(model.Thresholds.Select(t => t with { Value = t.Value * 1e-4 }).ToArray()) };
        Assert.False(Run(Emit(strict, codes)));
        // The stored codes are initializer data, counted in FlashBytes (they were not).
        var options = new Compiler.Emitters.EmitOptions("Device", "NanoModel", "public", Compiler.Emitters.EmitPrecision.Int8, Compiler.Emitters.EmitTarget.NanoFramework, "model.evae");
        long withCodes = Compiler.Emitters.NanoFramework.NanoFrameworkEmitter.Emit(model, options, codes).FlashBytes;
        long withoutCodes = Compiler.Emitters.NanoFramework.NanoFrameworkEmitter.Emit(model, options).FlashBytes;
        Assert.Equal(4L * 8 * model.LatentSize, withCodes - withoutCodes);
    }
}
