extern alias analyzer;

using EdgeVae.Compiler.ModelFormat;
using analyzer::EdgeVae.Generator.SourceGeneration;
using EdgeVae.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.Generator.Tests.SourceGeneration;

/// <summary>The pipeline caches: unrelated edits emit nothing new; a model edit re-emits only that model.</summary>
public class IncrementalTests
{
    private const string Sources = """
        using EdgeVae;
        namespace Demo
        {
            [EdgeVaeModel("a.evae")] public static partial class ModelA { }
            [EdgeVaeModel("b.evae")] public static partial class ModelB { }
        }
        """;

    private static IncrementalStepRunReason[] EmissionReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results[0].TrackedSteps[StepNames.Emission].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void Unrelated_edit_reemits_nothing_and_a_model_edit_reemits_only_that_model()
    {
        string text = ModelFileWriter.Write(SmallModels.Small());
        var a = new InMemoryAdditionalText("a.evae", text);
        var b = new InMemoryAdditionalText("b.evae", text);
        var compilation = GeneratorHarness.Compilation(Sources);
        var driver = GeneratorHarness.Driver([a, b]).RunGenerators(compilation);
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length - 1); // plus the attribute source

        // An unrelated source edit: every emission output is cached.
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo { class Unrelated { int X => 1; } }", new CSharpParseOptions(LanguageVersion.Latest)));
        driver = driver.RunGenerators(edited);
        Assert.All(EmissionReasons(driver), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));

        // Edit model b's threshold (and re-seal it, as `edgevae seal` would): only ModelB's output changes.
        var b2 = new InMemoryAdditionalText("b.evae", ModelChecksum.Seal(text.Replace("\"value\": 0.123456789", "\"value\": 0.5")));
        driver = driver.ReplaceAdditionalText(b, b2).RunGenerators(edited);
        var reasons = EmissionReasons(driver);
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
        var modelB = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("ModelB.EdgeVae.g.cs", StringComparison.Ordinal));
        Assert.Contains("Threshold = 0.5f", modelB.ToString());
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results[0].TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void Moving_the_attributes_line_reemits_nothing_and_the_report_moves_with_it()
    {
        string text = ModelFileWriter.Write(SmallModels.Small());
        var files = new[] { new InMemoryAdditionalText("a.evae", text), new InMemoryAdditionalText("b.evae", text) };
        var compilation = GeneratorHarness.Compilation(Sources);
        var driver = GeneratorHarness.Driver(files).RunGenerators(compilation);
        int Line(GeneratorDriver d, string cls) => d.GetRunResult().Diagnostics.Single(x => x.Id == "EVAE010" && x.GetMessage().Contains(cls)).Location.GetLineSpan().StartLinePosition.Line;
        Assert.Equal(3, Line(driver, "ModelA"));

        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().WithChanges(
            new Microsoft.CodeAnalysis.Text.TextChange(new Microsoft.CodeAnalysis.Text.TextSpan(Sources.IndexOf("    [EdgeVaeModel(\"a.evae", StringComparison.Ordinal), 0), "\n\n    // moved down\n"))));
        driver = driver.RunGenerators(moved);
        // The parser saw a change (the location), the location-free request did not: nothing downstream runs again.
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, StepNames.Attributes));
        foreach (var step in new[] { StepNames.Requests, StepNames.Specs, StepNames.Emission })
            Assert.All(Reasons(driver, step), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.Equal(6, Line(driver, "ModelA"));
    }

    [Fact]
    public void Pipeline_values_hold_no_roslyn_objects()
    {
        var driver = GeneratorHarness.Driver([new InMemoryAdditionalText("a.evae", ModelFileWriter.Write(SmallModels.Small()))])
            .RunGenerators(GeneratorHarness.Compilation(Sources));
        foreach (var (name, steps) in driver.GetRunResult().Results[0].TrackedSteps.Where(s => s.Key.StartsWith("EdgeVae.", StringComparison.Ordinal)))
            foreach (var output in steps.SelectMany(s => s.Outputs))
                AssertNoRoslynObjects(output.Value, name, 0);
    }

    private static void AssertNoRoslynObjects(object? value, string step, int depth)
    {
        if (value is null || depth > 6) return;
        var type = value.GetType();
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or AttributeData, $"step {step} holds a {type.Name}");
        if (type.IsPrimitive || value is string || type.IsEnum) return;
        if (value is System.Collections.IEnumerable items and not string)
        {
            foreach (var item in items) AssertNoRoslynObjects(item, step, depth + 1);
            if (type.Namespace?.StartsWith("EdgeVae", StringComparison.Ordinal) != true) return;
        }
        if (type.Namespace?.StartsWith("EdgeVae", StringComparison.Ordinal) != true && !type.IsGenericType) return;
        foreach (var p in type.GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            AssertNoRoslynObjects(p.GetValue(value), step, depth + 1);
    }
}
