extern alias analyzer;

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace EdgeVae.Tests.Shared;

/// <summary>An additional file held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

/// <summary>Global analyzer options (build properties) for a driver run.</summary>
internal sealed class TestOptionsProvider(Dictionary<string, string> globals) : AnalyzerConfigOptionsProvider
{
    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(globals);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);
}

/// <summary>Runs the EdgeVae generator on in-memory sources with CSharpGeneratorDriver and compiles the result.</summary>
internal static class GeneratorHarness
{
    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create("Generated" + Guid.NewGuid().ToString("N"),
        sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: "Model.cs")),
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(EdgeVae.Runtime.IAnomalyScorer).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(EdgeVae.Contract.FixedPoint).Assembly.Location)],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: false, optimizationLevel: OptimizationLevel.Release));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, Dictionary<string, string>? globals = null) =>
        CSharpGeneratorDriver.Create([new analyzer::EdgeVae.Generator.SourceGeneration.EdgeVaeGenerator().AsSourceGenerator()], files,
            new CSharpParseOptions(LanguageVersion.Latest), new TestOptionsProvider(globals ?? []),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the run result and the compilation with the generated sources.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> CompileDiagnostics) Run(string source, params (string Path, string Text)[] files)
    {
        var compilation = Compilation(source);
        var driver = Driver(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output, output.GetDiagnostics());
    }

    /// <summary>Emits the compilation and loads it into a collectible context.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var ms = new MemoryStream();
        var emit = compilation.Emit(ms);
        if (!emit.Success)
            throw new InvalidOperationException("generated code does not compile:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        ms.Position = 0;
        var context = new AssemblyLoadContext("generated" + Guid.NewGuid().ToString("N"), isCollectible: true);
        context.Resolving += (ctx, name) => name.Name switch
        {
            "EdgeVae.Runtime" => typeof(EdgeVae.Runtime.IAnomalyScorer).Assembly,
            "EdgeVae.Contract" => typeof(EdgeVae.Contract.FixedPoint).Assembly,
            _ => null,
        };
        return context.LoadFromStream(ms);
    }

    public static string ModelSource(string className = "TestModel", string args = "\"model.evae\"", string ns = "Demo", string modifiers = "public static partial") =>
        $$"""
        using EdgeVae;
        namespace {{ns}}
        {
            [EdgeVaeModel({{args}})]
            {{modifiers}} class {{className}} { }
        }
        """;
}
