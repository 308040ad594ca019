using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;
using Microsoft.CodeAnalysis;

namespace EdgeVae.Generator.Tests.SourceGeneration;

/// <summary>One test per diagnostic: each says what is wrong, where, and how to fix it.</summary>
public class DiagnosticTests
{
    private static readonly string ValidFile = ModelFileWriter.Write(SmallModels.Small());

    private static IReadOnlyList<Diagnostic> Diagnostics(string source, params (string, string)[] files)
    {
        var (result, _, compile) = GeneratorHarness.Run(source, files);
        Assert.Empty(result.Results[0].Exception is { } e ? [e] : Array.Empty<Exception>());
        return result.Diagnostics.Concat(compile.Where(d => d.Id.StartsWith("EVAE", StringComparison.Ordinal))).ToList();
    }

    private static Diagnostic Single(IReadOnlyList<Diagnostic> diagnostics, string id)
    {
        var matching = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {string.Join("; ", diagnostics.Select(d => d.Id + " " + d.GetMessage()))}");
        return matching[0];
    }

    [Fact]
    public void A_model_changed_after_sealing_is_EVAE013_at_its_checksum_and_an_unsealed_one_is_warning_EVAE014()
    {
        string changed = ValidFile.Replace("\"value\": 0.123456789", "\"value\": 0.5");
        var mismatch = Single(Diagnostics(GeneratorHarness.ModelSource(), ("model.evae", changed)), "EVAE013");
        Assert.Equal(DiagnosticSeverity.Error, mismatch.Severity);
        Assert.Contains("edgevae seal", mismatch.GetMessage());
        Assert.Equal(changed.Split('\n').ToList().FindIndex(l => l.Contains("\"checksum\"")), mismatch.Location.GetLineSpan().StartLinePosition.Line);

        string unsealed = System.Text.RegularExpressions.Regex.Replace(ValidFile, ",\\s*\"checksum\": \"[^\"]*\"", ""); // as written before checksums
        var diagnostics = Diagnostics(GeneratorHarness.ModelSource(), ("model.evae", unsealed));
        var warning = Single(diagnostics, "EVAE014");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("no checksum", warning.GetMessage());
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Single(diagnostics, "EVAE010"); // the model was still compiled
    }

    [Fact]
    public void A_valid_model_compiles_and_reports_its_size()
    {
        var (result, output, compile) = GeneratorHarness.Run(GeneratorHarness.ModelSource(), ("model.evae", ValidFile));
        Assert.DoesNotContain(compile, d => d.Severity == DiagnosticSeverity.Error);
        var report = Single(result.Diagnostics, "EVAE010");
        Assert.Equal(DiagnosticSeverity.Info, report.Severity);
        Assert.Matches(@"Model 'TestModel' \(int8\): \d+ bytes flash, \d+ bytes RAM, 64 multiply-accumulates per inference", report.GetMessage());
        var type = GeneratorHarness.Load(output).GetType("Demo.TestModel")!;
        Assert.Equal(6, type.GetField("InputLength")!.GetRawConstantValue());
        Assert.Equal(0.123456789f, (float)type.GetField("Threshold")!.GetRawConstantValue()!);
    }

    [Fact]
    public void EVAE001_model_file_not_in_additional_files()
    {
        var d = Single(Diagnostics(GeneratorHarness.ModelSource(args: "\"motor.evae\""), ("other.evae", ValidFile)), "EVAE001");
        Assert.Contains("<AdditionalFiles Include=\"motor.evae\" />", d.GetMessage());
        Assert.Equal("Model.cs", d.Location.GetLineSpan().Path);
    }

    [Fact]
    public void EVAE002_unparsable_file_names_line_and_column()
    {
        var d = Single(Diagnostics(GeneratorHarness.ModelSource(), ("model.evae", "{\n  \"format\": \"edgevae-model\",\n  \"version\": 1 x\n}")), "EVAE002");
        Assert.Contains("line 3, column 16: not valid JSON: expected ',' or '}'", d.GetMessage());
        var span = d.Location.GetLineSpan();
        Assert.Equal("model.evae", span.Path);
        Assert.Equal(2, span.StartLinePosition.Line);
        Assert.Equal(15, span.StartLinePosition.Character);
    }

    [Fact]
    public void EVAE003_unsupported_version()
    {
        var d = Single(Diagnostics(GeneratorHarness.ModelSource(), ("model.evae", ValidFile.Replace("\"version\": 2", "\"version\": 9"))), "EVAE003");
        Assert.Contains("format version 9 is not supported", d.GetMessage());
    }

    [Fact]
    public void EVAE004_inconsistent_shapes()
    {
        var d = Single(Diagnostics(GeneratorHarness.ModelSource(), ("model.evae", ValidFile.Replace("\"in\": 4,\n        \"out\": 2", "\"in\": 5,\n        \"out\": 2"))), "EVAE004");
        Assert.Contains("op \"encoder.1\": \"weight\" has 8 values, expected 10", d.GetMessage());
    }

    [Fact]
    public void EVAE005_model_over_the_configured_size_limit()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.ModelSource());
        var driver = GeneratorHarness.Driver([new InMemoryAdditionalText("model.evae", ValidFile)], new() { ["build_property.EdgeVaeMaxModelChars"] = "500" });
        var d = Single(driver.RunGenerators(compilation).GetRunResult().Diagnostics, "EVAE005");
        Assert.Contains("over the limit of 500", d.GetMessage());
        Assert.Contains("EdgeVaeMaxModelChars", d.GetMessage());
    }

    [Theory]
    [InlineData("\"\"", "the model path is empty")]
    [InlineData("\"model.evae\", Precision = (EdgeVaePrecision)7", "Precision must be EdgeVaePrecision.Int8, Int16 or Float32")]
    [InlineData("\"model.evae\", RamBudget = -1", "RamBudget must be a non-negative number of bytes")]
    [InlineData("\"model.evae\", Target = (EdgeVaeTarget)5", "Target must be EdgeVaeTarget.DotNet or NanoFramework")]
    public void EVAE006_bad_attribute_arguments(string args, string expected)
    {
        var d = Single(Diagnostics(GeneratorHarness.ModelSource(args: args), ("model.evae", ValidFile)), "EVAE006");
        Assert.Contains(expected, d.GetMessage());
    }

    [Theory]
    [InlineData("public partial")]
    [InlineData("public static")]
    public void EVAE007_class_must_be_static_partial(string modifiers)
    {
        var d = Single(Diagnostics(GeneratorHarness.ModelSource(modifiers: modifiers), ("model.evae", ValidFile)), "EVAE007");
        Assert.Contains("declare it as 'static partial class TestModel'", d.GetMessage());
    }

    [Fact]
    public void EVAE008_budget_exceeded_names_both_numbers()
    {
        var diagnostics = Diagnostics(GeneratorHarness.ModelSource(args: "\"model.evae\", RamBudget = 10"), ("model.evae", ValidFile));
        var d = Single(diagnostics, "EVAE008");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Matches(@"needs \d+ RAM bytes but its RamBudget is 10 bytes", d.GetMessage());
        Assert.Contains("the model is int8 already: use a smaller model", d.GetMessage()); // int8 is the default: no "use int8"
    }

    [Fact]
    public void EVAE008_for_a_float32_model_gives_what_int8_would_need()
    {
        var d = Single(Diagnostics(GeneratorHarness.ModelSource(args: "\"model.evae\", Precision = EdgeVaePrecision.Float32, FlashBudget = 100"), ("model.evae", ValidFile)), "EVAE008");
        // This model is so small that int8's per-layer constants outweigh its weights: the advice must not say "use int8".
        var m = System.Text.RegularExpressions.Regex.Match(d.GetMessage(), @"needs (\d+) flash bytes .*at int8 it would need (\d+), no less");
        Assert.True(m.Success, d.GetMessage());
        Assert.True(long.Parse(m.Groups[2].Value) >= long.Parse(m.Groups[1].Value), d.GetMessage());
    }

    [Fact]
    public void EVAE009_uncalibrated_model_cannot_be_quantized()
    {
        var m = SmallModels.Small().WithOp("normalize", op => op with { Range = ValueRange.Unknown });
        var d = Single(Diagnostics(GeneratorHarness.ModelSource(), ("model.evae", ModelFileWriter.Write(m))), "EVAE009");
        Assert.Contains("edgevae calibrate", d.GetMessage());
        // float32 needs no calibration
        Assert.DoesNotContain(Diagnostics(GeneratorHarness.ModelSource(args: "\"model.evae\", Precision = EdgeVaePrecision.Float32"), ("model.evae", ModelFileWriter.Write(m))), x => x.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void EVAE011_missing_threshold_for_the_precision_falls_back_with_a_warning()
    {
        var d = Single(Diagnostics(GeneratorHarness.ModelSource(args: "\"model.evae\", Precision = EdgeVaePrecision.Int16"), ("model.evae", ValidFile)), "EVAE011");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("has no int16 threshold; using the float32 one", d.GetMessage());
    }
}
