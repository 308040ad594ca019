using System.Reflection;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;
using Microsoft.CodeAnalysis;

namespace EdgeVae.EndToEnd.Tests;

internal delegate float InferInt8(ReadOnlySpan<float> input, Span<float> normalized, Span<sbyte> code, Span<sbyte> output, Span<sbyte> pre);
internal delegate float InferInt16(ReadOnlySpan<float> input, Span<float> normalized, Span<short> code, Span<short> output, Span<short> pre);
internal delegate float ScoreFn(ReadOnlySpan<float> input);
internal delegate float ScorePerChannelFn(ReadOnlySpan<float> input, Span<float> channelErrors);
internal delegate bool IsAnomalyFn(ReadOnlySpan<float> input);
internal delegate void MapFn(ReadOnlySpan<float> input, Span<float> output);
internal delegate void SampleFn(uint seed, Span<float> output);

/// <summary>A model compiled by the real generator (CSharpGeneratorDriver), emitted and loaded for calling.</summary>
internal sealed class GeneratedModel
{
    public GeneratedModel(Compiler.Model.ModelDescription model, string precision)
    {
        // A probe beside the model calls the overloads that take the generated Workspace type, which a delegate cannot name.
        string source = GeneratorHarness.ModelSource("M", $"\"m.evae\", Precision = EdgeVaePrecision.{precision}") + """

            namespace Demo
            {
                public static class Probe
                {
                    private static readonly M.Workspace Workspace = new M.Workspace();
                    public static float ScoreInWorkspace(System.ReadOnlySpan<float> input) => M.Score(input, Workspace);
                    public static float ScoreInWorkspace(System.ReadOnlySpan<float> input, System.Span<float> channels) => M.Score(input, channels, Workspace);
                }
            }
            """;
        var (result, output, diagnostics) = GeneratorHarness.Run(source, ("m.evae", ModelFileWriter.Write(model)));
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var assembly = GeneratorHarness.Load(output);
        Type = assembly.GetType("Demo.M")!;
        Probe = assembly.GetType("Demo.Probe")!;
        Source = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("M.EdgeVae.g.cs", StringComparison.Ordinal)).ToString();
    }

    public Type Type { get; }

    /// <summary>Demo.Probe: the workspace overloads, called through a static workspace.</summary>
    public Type Probe { get; }

    public string Source { get; }

    public T Method<T>(string name) where T : Delegate => Method<T>(Type, name);

    public T ProbeMethod<T>(string name) where T : Delegate => Method<T>(Probe, name);

    private static T Method<T>(Type type, string name) where T : Delegate
    {
        var invoke = typeof(T).GetMethod("Invoke")!;
        var parameters = invoke.GetParameters().Select(p => p.ParameterType).ToArray();
        var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters)
            ?? throw new MissingMethodException(type.Name, name);
        return (T)Delegate.CreateDelegate(typeof(T), method);
    }

    public T Constant<T>(string name) => (T)Type.GetField(name)!.GetRawConstantValue()!;
}
