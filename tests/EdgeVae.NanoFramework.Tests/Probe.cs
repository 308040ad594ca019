using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// A program, <c>Device.Probe</c>, that runs the same C# 7.3 on nanoCLR and on desktop .NET and prints lines to
/// compare: <c>Out(line)</c> goes to Debug.WriteLine on nanoCLR (NANO defined) and to a list on desktop. Tests write the
/// body of its <c>Run()</c>; <c>Bits(float)</c> and <c>Hex(byte[])</c> are there to print exact values.
/// </summary>
internal static class Probe
{
    /// <summary>The probe's source: the helpers, <paramref name="windows"/> as <c>Windows</c> (float[][]), and <paramref name="run"/> as the body of Run().</summary>
    public static string Source(float[][] windows, string run)
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
        sb.AppendLine("private static int Bits(float v) { byte[] b = System.BitConverter.GetBytes(v); return b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24); }");
        sb.AppendLine("private static string Hex(float v) { byte[] b = System.BitConverter.GetBytes(v); string d = \"0123456789abcdef\"; string s = \"\";");
        sb.AppendLine("for (int i = 3; i >= 0; i--) { s += d[b[i] >> 4]; s += d[b[i] & 15]; } return s; }");
        sb.AppendLine("private static string Hex(byte[] b) { string d = \"0123456789abcdef\"; string s = \"\"; for (int i = 0; i < b.Length; i++) { s += d[b[i] >> 4]; s += d[b[i] & 15]; } return s; }");
        sb.AppendLine("private static readonly float[][] Windows = new float[][] {");
        foreach (var w in windows) sb.AppendLine("new float[] { " + string.Join(", ", w.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "f")) + " },");
        sb.AppendLine("};");
        sb.AppendLine("public static void Main() { Run(); Out(\"END\"); }");
        sb.AppendLine("public static void Run() {");
        sb.AppendLine(run);
        sb.AppendLine("} } }");
        return sb.ToString();
    }

    /// <summary>
    /// The statement that perturbs window b into x (length n) by xorshift32 noise of ± amplitude/2, unless p is 0: the
    /// same floats on both runtimes (and in <see cref="Perturbed"/>), so a few stored windows make many.
    /// </summary>
    public static string PerturbStatement(int n, float amplitude) =>
        $"for (int i = 0; i < {n}; i++) {{ float noise = 0f; if (p > 0) {{ state ^= state << 13; state ^= state >> 17; state ^= state << 5; noise = ((state >> 8) * (1f / 16777216f) - 0.5f) * {amplitude.ToString("R", CultureInfo.InvariantCulture)}f; }} x[i] = Windows[b][i] + noise; }}";

    /// <summary>What <see cref="PerturbStatement"/> computes, on desktop: each window perturbed <paramref name="perturbations"/> − 1 times after itself, one xorshift32 stream over all.</summary>
    public static float[] Perturbed(float[][] windows, int perturbations, float amplitude)
    {
        var xs = new List<float>();
        uint state = 2463534242u;
        foreach (var w in windows)
            for (int p = 0; p < perturbations; p++)
                for (int i = 0; i < w.Length; i++)
                {
                    float noise = 0f;
                    if (p > 0) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; noise = ((state >> 8) * (1f / 16777216f) - 0.5f) * amplitude; }
                    xs.Add(w[i] + noise);
                }
        return xs.ToArray();
    }

    /// <summary>Compiles the sources (C# 7.3) for desktop .NET and returns the lines Device.Probe.Run() printed.</summary>
    public static List<string> OnDesktop(params string[] sources)
    {
        var probe = Compile(sources).GetType("Device.Probe")!;
        probe.GetMethod("Run")!.Invoke(null, null);
        return (List<string>)probe.GetField("Lines")!.GetValue(null)!;
    }

    /// <summary>The sources (C# 7.3) compiled for desktop .NET and loaded.</summary>
    public static Assembly Compile(params string[] sources)
    {
        var compilation = CSharpCompilation.Create("Probe" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp7_3))), Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(ms.ToArray());
    }
}
