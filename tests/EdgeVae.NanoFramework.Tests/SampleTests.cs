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

    [Fact]
    public void The_committed_model_source_is_what_edgevae_emit_writes()
    {
        string fresh = Path.Combine(Path.GetTempPath(), "edgevae-sample-" + Guid.NewGuid().ToString("N") + ".cs");
        var (o, e) = (Console.Out, Console.Error);
        Console.SetOut(new StringWriter());
        Console.SetError(new StringWriter());
        try
        {
            int code = Trainer.Cli.EdgeVaeCli.Invoke(["emit", Path.Combine(Root(), "firmware-samples", "NativeAotMonitor", "motor.evae"), "--target", "nanoframework",
                "--class", "MotorModel", "--namespace", "NanoFrameworkMonitor", "--self-test", "4", "-o", fresh]);
            Assert.Equal(0, code);
        }
        finally
        {
            Console.SetOut(o);
            Console.SetError(e);
        }
        Assert.True(File.ReadAllText(fresh) == File.ReadAllText(Path.Combine(Sample, "MotorModel.cs")),
            "firmware-samples/NanoFrameworkMonitor/MotorModel.cs is stale; regenerate it with the command in that folder's README.");
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

[CollectionDefinition("console", DisableParallelization = true)]
public class ConsoleCollection;
