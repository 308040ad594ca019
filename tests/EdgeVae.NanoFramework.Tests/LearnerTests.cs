using System.Globalization;
using System.Reflection;
using System.Text;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Emitters.NanoFramework;
using EdgeVae.Compiler.Model;
using EdgeVae.EndToEnd.Tests;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.Simulation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// The nanoFramework flavor's learner (EdgeVae.Contract's source, nested in the model class) on desktop .NET and on
/// nanoCLR against the trainer's simulation: the same state bytes after learning from the same windows, the same scores
/// afterwards, and a state that survives Save, Reset and Load.
/// </summary>
public class LearnerTests
{
    private const int Bases = 8, Perturbations = 8, NormalWindows = 40, ThresholdWindows = 24;

    private static string Emit(ModelDescription model) => NanoFrameworkEmitter.Emit(model,
        new EmitOptions("Device", "NanoModel", "public", EmitPrecision.Int8, EmitTarget.NanoFramework, "model.evae", Learner: true)).Source;

    /// <summary>Bases windows at the heavier load, each perturbed by the probe's xorshift noise, exactly as the probe computes them.</summary>
    private static (float[][] Bases, Dataset Windows) Windows()
    {
        var deployment = TrainedModels.Deployment(2, faults: false);
        var bases = Enumerable.Range(0, Bases).Select(b => deployment.Row(b * 13).ToArray()).ToArray();
        var xs = new List<float>();
        uint state = 2463534242u;
        for (int b = 0; b < Bases; b++)
            for (int p = 0; p < Perturbations; p++)
                for (int i = 0; i < 256; i++)
                {
                    float noise = 0f;
                    if (p > 0) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; noise = ((state >> 8) * (1f / 16777216f) - 0.5f) * 0.2f; }
                    xs.Add(bases[b][i] + noise);
                }
        return (bases, new Dataset("probe", xs.ToArray(), Bases * Perturbations, 256, null, DataLayout.TimeWindow, 4, 64));
    }

    private static string Probe(float[][] bases)
    {
        var sb = new StringBuilder();
        sb.AppendLine("namespace Device { public static class Probe {");
        sb.AppendLine("#if !NANO");
        sb.AppendLine("public static readonly System.Collections.Generic.List<string> Lines = new System.Collections.Generic.List<string>();");
        sb.AppendLine("#endif");
        sb.AppendLine("private static void Out(string line) {");
        sb.AppendLine("#if NANO");
        sb.AppendLine("System.Diagnostics.Debug.WriteLine(line);");
        sb.AppendLine("#else");
        sb.AppendLine("Lines.Add(line);");
        sb.AppendLine("#endif");
        sb.AppendLine("}");
        sb.AppendLine("private static string Hex(byte[] b) { string d = \"0123456789abcdef\"; string s = \"\"; for (int i = 0; i < b.Length; i++) { s += d[b[i] >> 4]; s += d[b[i] & 15]; } return s; }");
        sb.AppendLine("private static int Bits(float v) { byte[] b = System.BitConverter.GetBytes(v); return b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24); }");
        sb.AppendLine("private static readonly float[][] Bases = new float[][] {");
        foreach (var w in bases) sb.AppendLine("new float[] { " + string.Join(", ", w.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "f")) + " },");
        sb.AppendLine("};");
        sb.AppendLine("public static void Main() { Run(); Out(\"END\"); }");
        sb.AppendLine("public static void Run() {");
        sb.AppendLine("float[] x = new float[256]; uint state = 2463534242u; int taken = 0;");
        sb.AppendLine($"NanoModel.Baseline.Begin({NormalWindows}, {ThresholdWindows});");
        sb.AppendLine($"for (int b = 0; b < {Bases}; b++) for (int p = 0; p < {Perturbations}; p++) {{");
        sb.AppendLine("for (int i = 0; i < 256; i++) { float noise = 0f; if (p > 0) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; noise = ((state >> 8) * (1f / 16777216f) - 0.5f) * 0.2f; } x[i] = Bases[b][i] + noise; }");
        sb.AppendLine("if (NanoModel.Learn(x)) taken++; }");
        sb.AppendLine("byte[] slot = new byte[NanoModel.LearnerStateBytes];");
        sb.AppendLine("int which = NanoModel.Baseline.Save(slot);");
        sb.AppendLine("Out(\"L taken \" + taken + \" phase \" + NanoModel.Baseline.Phase + \" slot \" + which);");
        sb.AppendLine("Out(\"L state \" + Hex(slot));");
        sb.AppendLine("Out(\"L threshold \" + Bits(NanoModel.Baseline.Threshold));");
        sb.AppendLine("for (int b = 0; b < Bases.Length; b++) Out(\"L score \" + b + \" \" + Bits(NanoModel.Score(Bases[b])) + \" \" + NanoModel.IsAnomaly(Bases[b]));");
        sb.AppendLine("NanoModel.Baseline.Reset();");
        sb.AppendLine("Out(\"L reset \" + Bits(NanoModel.Baseline.Threshold) + \" \" + Bits(NanoModel.Score(Bases[0])));");
        sb.AppendLine("byte[] torn = new byte[slot.Length]; for (int i = 0; i < 40; i++) torn[i] = slot[i];");
        sb.AppendLine("Out(\"L loaded \" + NanoModel.Baseline.Load(torn, null) + \" \" + NanoModel.Baseline.Load(torn, slot) + \" \" + Bits(NanoModel.Baseline.Threshold) + \" \" + Bits(NanoModel.Score(Bases[0])));");
        sb.AppendLine("} } }");
        return sb.ToString();
    }

    [Fact]
    public void On_desktop_the_nanoFramework_learner_reaches_the_simulations_state_bytes()
    {
        var (bases, windows) = Windows();
        var model = NanoModels.Small;
        var lines = OnDesktop(Emit(model), Probe(bases));
        var q = PrecisionScores.Quantize(model, "int8");
        var simulator = new IntegerSimulator(q);
        var learner = BaselineSimulation.Create(model, q, 3.0);
        BaselineSimulation.Learn(learner, simulator, windows, NormalWindows, ThresholdWindows);
        var state = new byte[learner.StateBytes];
        int which = learner.Save(state);
        Assert.Contains($"L taken {NormalWindows + ThresholdWindows} phase 3 slot {which}", lines);
        Assert.Contains("L state " + Convert.ToHexStringLower(state), lines);
        Assert.Contains("L threshold " + BitConverter.SingleToInt32Bits(learner.Threshold), lines);
        for (int b = 0; b < Bases; b++)
        {
            float s = simulator.Run(bases[b]);
            Assert.Contains($"L score {b} {BitConverter.SingleToInt32Bits(s)} {!(s <= learner.Threshold)}", lines);
        }
        // Reset goes back to the trained baseline; a torn slot does not load, a whole one restores the learned state.
        float trained = new IntegerSimulator(q).Run(bases[0]);
        Assert.Contains($"L reset {BitConverter.SingleToInt32Bits((float)model.ThresholdFor("int8")!.Value)} {BitConverter.SingleToInt32Bits(trained)}", lines);
        Assert.Contains($"L loaded False True {BitConverter.SingleToInt32Bits(learner.Threshold)} {BitConverter.SingleToInt32Bits(simulator.Run(bases[0]))}", lines);
    }

    [Fact]
    public void Emitted_code_with_the_learner_compiles_against_the_real_mscorlib_and_passes_the_il_scan()
    {
        var (errors, image) = NanoFrameworkBuild.Compile(Emit(NanoModels.Small));
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        var problems = NanoFrameworkBuild.Scan(image!);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [NanoClrFact]
    public void On_nanoCLR_the_learner_gives_desktops_state_and_scores()
    {
        var (bases, _) = Windows();
        string[] sources = [Emit(NanoModels.Small), Probe(bases)];
        var expected = OnDesktop(sources);
        var actual = NanoClr.Run(sources).Where(l => l.StartsWith("L ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Bases + 5, expected.Count);
        Assert.Equal(expected, actual);
    }

    private static List<string> OnDesktop(params string[] sources)
    {
        var compilation = CSharpCompilation.Create("Learner" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp7_3))), Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var probe = Assembly.Load(ms.ToArray()).GetType("Device.Probe")!;
        probe.GetMethod("Run")!.Invoke(null, null);
        return (List<string>)probe.GetField("Lines")!.GetValue(null)!;
    }
}
