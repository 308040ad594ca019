using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;
using Microsoft.CodeAnalysis;

namespace EdgeVae.Generator.Tests.SourceGeneration;

/// <summary>The flavor comes from the attribute, or from the project's &lt;EdgeVaeTarget&gt; when the attribute names none.</summary>
public class TargetTests
{
    private static readonly string File = ModelFileWriter.Write(SmallModels.Small());

    private static bool HasArrayApi(Compilation output) =>
        GeneratorHarness.Load(output).GetType("Demo.TestModel")!.GetMethod("Score", [typeof(float[])]) is not null;

    [Fact]
    public void The_attribute_selects_the_nanoframework_flavor()
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.ModelSource(args: "\"model.evae\", Target = EdgeVaeTarget.NanoFramework"), ("model.evae", File));
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(HasArrayApi(output));
    }

    [Fact]
    public void The_msbuild_property_selects_it_unless_the_attribute_says_otherwise()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.ModelSource());
        var driver = GeneratorHarness.Driver([new InMemoryAdditionalText("model.evae", File)], new() { ["build_property.EdgeVaeTarget"] = "nanoframework" });
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        Assert.True(HasArrayApi(output));

        compilation = GeneratorHarness.Compilation(GeneratorHarness.ModelSource(args: "\"model.evae\", Target = EdgeVaeTarget.DotNet"));
        driver = GeneratorHarness.Driver([new InMemoryAdditionalText("model.evae", File)], new() { ["build_property.EdgeVaeTarget"] = "nanoframework" });
        driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _);
        Assert.False(HasArrayApi(output));
    }
}
