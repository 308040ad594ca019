using System.Globalization;
using System.Reflection;
using System.Text;
using EdgeVae.Compiler.Model;
using EdgeVae.EndToEnd.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// Emitted nanoFramework code on nanoFramework's real interpreter: compiled against the real mscorlib 1.17, made
/// into a .pe by the metadata processor, run by nanoCLR. Every window's score bits and output and latent codes equal
/// the same code's on desktop .NET (which <see cref="BitExactTests"/> holds to the trainer's integer simulation).
/// </summary>
public class NanoClrTests
{
    private const int Bases = 10, Perturbations = 30;

    /// <summary>
    /// A probe over <see cref="Bases"/> real windows, each also perturbed <see cref="Perturbations"/> − 1 times by
    /// xorshift32 noise computed the same way on both runtimes; one line per window: score bits, output and latent hashes.
    /// </summary>
    private static string Probe(ModelDescription model, float[][] windows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("namespace Device {");
        sb.AppendLine("public static class Probe {");
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
        sb.AppendLine("private static string Hex(float v) { byte[] b = System.BitConverter.GetBytes(v); string d = \"0123456789abcdef\"; string s = \"\";");
        sb.AppendLine("for (int i = 3; i >= 0; i--) { s += d[b[i] >> 4]; s += d[b[i] & 15]; } return s; }");
        sb.AppendLine("private static readonly float[][] Windows = new float[][] {");
        foreach (var w in windows) sb.AppendLine("new float[] { " + string.Join(", ", w.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "f")) + " },");
        sb.AppendLine("};");
        int n = model.InputSize, codes = model.EncoderOutputSize;
        sb.AppendLine("public static void Main() { Run(); Out(\"END\"); }");
        sb.AppendLine("public static void Run() {");
        sb.AppendLine($"float[] x = new float[{n}]; float[] normalized = new float[{n}]; sbyte[] code = new sbyte[{codes}]; sbyte[] output = new sbyte[{n}]; sbyte[] pre = new sbyte[{n}];");
        sb.AppendLine("uint state = 2463534242u;");
        sb.AppendLine("for (int b = 0; b < Windows.Length; b++) {");
        sb.AppendLine($"for (int p = 0; p < {Perturbations}; p++) {{");
        sb.AppendLine($"for (int i = 0; i < {n}; i++) {{ float noise = 0f; if (p > 0) {{ state ^= state << 13; state ^= state >> 17; state ^= state << 5; noise = ((state >> 8) * (1f / 16777216f) - 0.5f) * 0.2f; }} x[i] = Windows[b][i] + noise; }}");
        sb.AppendLine("float score = NanoModel.Infer(x, normalized, code, output, pre);");
        sb.AppendLine("int ho = 17, hc = 17; for (int i = 0; i < output.Length; i++) ho = ho * 31 + output[i]; for (int i = 0; i < code.Length; i++) hc = hc * 31 + code[i];");
        sb.AppendLine("Out(\"W \" + (b * " + Perturbations + " + p) + \" \" + Hex(score) + \" \" + ho + \" \" + hc" + (model.Kind == ModelKind.Variational ? " + \" \" + Hex(NanoModel.NegativeElbo(x))" : "") + ");");
        sb.AppendLine("} }");
        // A window holding a NaN: its input code must be the contract's (NaN rounds to 0) on both runtimes, although
        // nanoCLR's comparisons with NaN differ; NaN's bit pattern may differ, so the score prints as NaN or not.
        sb.AppendLine("for (int i = 0; i < x.Length; i++) x[i] = Windows[0][i]; x[5] = float.NaN;");
        sb.AppendLine("float nanScore = NanoModel.Infer(x, normalized, code, output, pre);");
        sb.AppendLine("int no = 17, nc = 17; for (int i = 0; i < output.Length; i++) no = no * 31 + output[i]; for (int i = 0; i < code.Length; i++) nc = nc * 31 + code[i];");
        sb.AppendLine("Out(\"W nan \" + double.IsNaN(nanScore) + \" \" + no + \" \" + nc);");
        sb.AppendLine("} } }");
        return sb.ToString();
    }

    private static List<string> OnDesktop(params string[] sources)
    {
        var compilation = CSharpCompilation.Create("Desktop" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp7_3))), Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var probe = Assembly.Load(ms.ToArray()).GetType("Device.Probe")!;
        probe.GetMethod("Run")!.Invoke(null, null);
        return (List<string>)probe.GetField("Lines")!.GetValue(null)!;
    }

    private static void AssertSameOnNanoClr(ModelDescription model)
    {
        var data = TrainedModels.MotorWindows(400);
        var windows = Enumerable.Range(0, Bases).Select(i => data.Row(i * 37).ToArray()).ToArray();
        string[] sources = [NanoModels.Emit(model), Probe(model, windows)];
        var expected = OnDesktop(sources);
        var actual = NanoClr.Run(sources).Where(l => l.StartsWith("W ", StringComparison.Ordinal)).ToList(); // after nanoCLR's banner
        Assert.Equal(Bases * Perturbations + 1, expected.Count);
        Assert.StartsWith("W nan True ", expected[^1]);
        Assert.Equal(expected, actual);
    }

    [NanoClrFact]
    public void Motor_int8_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(NanoModels.Small);

    [NanoClrFact]
    public void Conv1d_int8_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.Conv);

    [NanoClrFact]
    public void Conv1d_vae_int8_code_on_nanoCLR_equals_desktop_on_300_windows_including_neg_elbo() => AssertSameOnNanoClr(TrainedModels.ConvVae);

    /// <summary>The committed sample model's boot self-test, and the non-finite rules, on the interpreter.</summary>
    [NanoClrFact]
    public void The_sample_model_passes_its_self_test_and_a_nan_window_is_an_anomaly_on_nanoCLR()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        string model = File.ReadAllText(Path.Combine(dir!.FullName, "firmware-samples", "NanoFrameworkMonitor", "MotorModel.cs"));
        const string Program = """
            namespace NanoFrameworkMonitor
            {
                public static class Program
                {
                    public static void Main()
                    {
                        float nan = float.NaN;
                        System.Diagnostics.Debug.WriteLine("NaN > 1: " + (nan > 1f) + ", NaN >= 1: " + (nan >= 1f));
                        System.Diagnostics.Debug.WriteLine("self test " + MotorModel.SelfTest());
                        float[] w = new float[MotorModel.InputLength];
                        for (int i = 0; i < w.Length; i++) w[i] = 0.01f * (i % 5);
                        System.Diagnostics.Debug.WriteLine("clean anomaly " + MotorModel.IsAnomaly(w));
                        w[37] = float.NaN;
                        System.Diagnostics.Debug.WriteLine("nan score is NaN " + double.IsNaN(MotorModel.Score(w)) + ", anomaly " + MotorModel.IsAnomaly(w));
                        w[37] = float.PositiveInfinity;
                        System.Diagnostics.Debug.WriteLine("infinite score is finite " + !(double.IsNaN(MotorModel.Score(w)) || double.IsInfinity(MotorModel.Score(w))) + ", anomaly " + MotorModel.IsAnomaly(w));
                        System.Diagnostics.Debug.WriteLine("END");
                    }
                }
            }
            """;
        var lines = NanoClr.Run(model, Program);
        Assert.Contains("NaN > 1: True, NaN >= 1: True", lines); // the interpreter's comparison rules, which the emitted code does not rely on
        Assert.Contains("self test True", lines);
        Assert.Contains("clean anomaly False", lines);
        Assert.Contains("nan score is NaN True, anomaly True", lines);
        Assert.Contains("infinite score is finite False, anomaly True", lines);
    }
}
