using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;
using Microsoft.CodeAnalysis;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>EVAE008's advice fits the model: a real float32 model over its flash budget is told what int8 would need.</summary>
public class BudgetAdviceTests
{
    [Fact]
    public void A_float32_motor_model_over_its_flash_budget_is_told_the_int8_figure_and_the_members_are_still_generated()
    {
        string source = GeneratorHarness.ModelSource("M", "\"m.evae\", Precision = EdgeVaePrecision.Float32, FlashBudget = 20000") + """

            namespace Demo { public static class Use { public static float S(float[] x) => M.Score(x); } }
            """;
        var (result, _, compile) = GeneratorHarness.Run(source, ("m.evae", ModelFileWriter.Write(TrainedModels.Motor)));
        var errors = result.Diagnostics.Concat(compile).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var d = Assert.Single(errors); // no cascade of CS0117 from the code that uses the class
        Assert.Equal("EVAE008", d.Id);
        var m = System.Text.RegularExpressions.Regex.Match(d.GetMessage(), @"needs (\d+) flash bytes .*at int8 it needs (\d+) \(Precision = EdgeVaePrecision.Int8\)");
        Assert.True(m.Success, d.GetMessage());
        Assert.True(long.Parse(m.Groups[2].Value) < long.Parse(m.Groups[1].Value) / 2, d.GetMessage());
    }
}
