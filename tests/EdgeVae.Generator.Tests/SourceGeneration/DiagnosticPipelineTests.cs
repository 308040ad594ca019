extern alias analyzer;

using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AnalyzerReader = analyzer::EdgeVae.Compiler.ModelFormat.ModelFileReader;
using Emission = analyzer::EdgeVae.Generator.SourceGeneration.Emission;
using GenerationSpec = analyzer::EdgeVae.Generator.SourceGeneration.GenerationSpec;
using ModelRequest = analyzer::EdgeVae.Generator.SourceGeneration.ModelRequest;

namespace EdgeVae.Generator.Tests.SourceGeneration;

/// <summary>
/// Diagnostics travel in their own output: with their descriptor, at source locations a #pragma reaches, and no
/// exception leaves the generator — a defect is EVAE012, not a dead build.
/// </summary>
public class DiagnosticPipelineTests
{
    private static readonly string ValidFile = ModelFileWriter.Write(SmallModels.Small());

    private static string Source(string before = "", string args = "\"model.evae\"") => $$"""
        using EdgeVae;
        namespace Demo
        {
        {{before}}
            [EdgeVaeModel({{args}})]
            public static partial class TestModel { }
            public static class User { public static float Use(System.ReadOnlySpan<float> x) => TestModel.Score(x); }
        }
        """;

    /// <summary>Generator diagnostics as the compiler reports them: after #pragma and project options.</summary>
    private static List<Diagnostic> Reported(string source, params (string, string)[] files)
    {
        var compilation = GeneratorHarness.Compilation(source);
        var driver = GeneratorHarness.Driver(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Item1, f.Item2)));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Null(driver.GetRunResult().Results[0].Exception);
        var all = generatorDiagnostics.Concat(output.GetDiagnostics()).ToList();
        return all.Where(d => !d.IsSuppressed).ToList();
    }

    [Fact]
    public void A_pragma_before_the_attribute_silences_its_warning_and_report()
    {
        string int16 = "\"model.evae\", Precision = EdgeVaePrecision.Int16";
        var loud = Reported(Source(args: int16), ("model.evae", ValidFile));
        Assert.Contains(loud, d => d.Id == "EVAE011");
        Assert.Contains(loud, d => d.Id == "EVAE010");
        var quiet = Reported(Source("#pragma warning disable EVAE011, EVAE010", int16), ("model.evae", ValidFile));
        Assert.DoesNotContain(quiet, d => d.Id is "EVAE011" or "EVAE010");
        Assert.DoesNotContain(quiet, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Attribute_diagnostics_sit_in_the_source_file_and_file_diagnostics_at_the_model_files_line()
    {
        var report = Reported(Source(), ("model.evae", ValidFile)).Single(d => d.Id == "EVAE010");
        Assert.Equal(LocationKind.SourceFile, report.Location.Kind);
        Assert.Equal(4, report.Location.GetLineSpan().StartLinePosition.Line);
        var bad = Reported(Source(), ("model.evae", ValidFile.Insert(ValidFile.IndexOf("\"format\"", StringComparison.Ordinal), "@"))).Single(d => d.Id == "EVAE002");
        Assert.Equal(LocationKind.ExternalFile, bad.Location.Kind);
        Assert.Equal("model.evae", bad.Location.GetLineSpan().Path);
        Assert.Contains("line ", bad.GetMessage());
    }

    [Fact]
    public void A_budget_overrun_is_one_error_and_the_members_still_exist()
    {
        var diagnostics = Reported(Source(args: "\"model.evae\", RamBudget = 10, FlashBudget = 10"), ("model.evae", ValidFile));
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("EVAE008", e.Id));
        Assert.Contains(errors, e => e.GetMessage().Contains("RAM"));
        Assert.Contains(errors, e => e.GetMessage().Contains("flash"));
        Assert.DoesNotContain(diagnostics, d => d.Id == "CS0117");
    }

    [Fact]
    public void A_defect_while_emitting_becomes_EVAE012_not_an_exception()
    {
        // A data contract the reader would never let through (no channels, no window): the emitter divides by zero.
        var model = AnalyzerReader.Read(ValidFile);
        model = model with { Data = model.Data with { Channels = 0, Window = 0 } };
        var request = new ModelRequest("Demo", "TestModel", "public", "model.evae", analyzer::EdgeVae.Compiler.Emitters.EmitPrecision.Int8,
            analyzer::EdgeVae.Compiler.Emitters.EmitTarget.DotNet, false, 0, 0);
        var output = Emission.Emit(new GenerationSpec(request, "model.evae", model, analyzer::EdgeVae.Compiler.Model.EquatableArray<analyzer::EdgeVae.Generator.SourceGeneration.DiagnosticInfo>.Empty));
        Assert.Null(output.Source);
        var d = Assert.Single(output.Diagnostics);
        Assert.Equal("EVAE012", d.Descriptor.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Descriptor.DefaultSeverity);
        Assert.Contains("compiling model file 'model.evae' for 'TestModel' (int8)", string.Join(" ", d.Arguments));
    }

    [Fact]
    public void Every_diagnostic_the_generator_reports_is_an_EVAE_descriptor_in_the_release_tracking_file()
    {
        var descriptors = typeof(analyzer::EdgeVae.Generator.Diagnostics.DiagnosticDescriptors).GetFields()
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!).ToList();
        string release = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "AnalyzerReleases.Unshipped.md"));
        foreach (var d in descriptors)
        {
            Assert.Matches("^EVAE0\\d\\d$", d.Id);
            Assert.Contains(d.Id + " | EdgeVae | " + d.DefaultSeverity, release);
        }
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
    }
}
