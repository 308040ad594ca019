using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeVae.Generator.Tests.SourceGeneration;

/// <summary>A model file is untrusted input: nothing in it can become code.</summary>
public class HostileModelTests
{
    private static readonly string[] Hostile =
    [
        "x\"; } public static class Injected { } //",
        "*/ class Injected2 { } /*",
        "line\nclass Injected3 { }",
        "#pragma warning disable\r\n#error injected",
        "\\u0022; class Injected4 {} //",
        "class",
        "@\"verbatim\"",
        "\u202Eevil\u2066",
    ];

    [Fact]
    public void Hostile_names_produce_inert_code()
    {
        foreach (string name in Hostile)
        {
            var m = SmallModels.Small();
            m = m with
            {
                Name = name,
                Data = m.Data with { ChannelNames = new([name, "static"]) },
                Graph = m.Graph with
                {
                    Ops = new(m.Graph.Ops.Select((op, i) => op with { Name = name + i }).ToArray()),
                    Latent = name + m.Graph.LatentIndex,
                },
            };
            var (result, output, compile) = GeneratorHarness.Run(GeneratorHarness.ModelSource(), ("model.evae", ModelFileWriter.Write(m)));
            Assert.DoesNotContain(compile, d => d.Severity == DiagnosticSeverity.Error);
            var generated = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("TestModel.EdgeVae.g.cs", StringComparison.Ordinal));
            var root = (CompilationUnitSyntax)generated.GetRoot();
            var types = root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.Text).ToArray();
            Assert.Equal(["TestModel", "Workspace", "AnomalyScorer"], types.Where(t => !System.Text.RegularExpressions.Regex.IsMatch(t, @"^Shape\d+$")));
            Assert.Equal(4, types.Count(t => t.StartsWith("Shape", StringComparison.Ordinal))); // one per dense step
            Assert.DoesNotContain(root.DescendantTrivia(), t => t.IsDirective && !t.ToString().StartsWith("#nullable", StringComparison.Ordinal) && !t.ToString().StartsWith("#pragma warning disable CS1591", StringComparison.Ordinal));
            // The name survives only as data: the ModelName constant returns it exactly.
            var type = GeneratorHarness.Load(output).GetType("Demo.TestModel")!;
            Assert.Equal(name, type.GetField("ModelName")!.GetRawConstantValue());
            Assert.Equal(name, type.GetMethod("ChannelName")!.Invoke(null, [0]));
        }
    }
}
