using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// nanoFramework's own tools — the metadata processor (mdp) and the nanoCLR interpreter — and the real mscorlib 1.17
/// from the nanoFramework.CoreLibrary package. The tools are found in the folder EDGEVAE_NANOCLR names, else in
/// ../shared/nanoclr beside the repository (README says how to build them); without them the tests that need them
/// are skipped, saying so.
/// </summary>
internal static class NanoClr
{
    public static string? ToolsDirectory { get; } = FindTools();

    public static string CoreLibrary { get; } = Path.Combine(typeof(NanoClr).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "NanoFrameworkCoreLibrary").Value!, "lib");

    public static string? Unavailable =>
        ToolsDirectory is null ? "nanoCLR and the metadata processor were not found: set EDGEVAE_NANOCLR to the folder holding nanoclr and mdp (README: nanoFramework tools)"
        : !File.Exists(Path.Combine(CoreLibrary, "mscorlib.pe")) ? $"mscorlib.pe is missing from {CoreLibrary}"
        : null;

    private static string? FindTools()
    {
        string? dir = Environment.GetEnvironmentVariable("EDGEVAE_NANOCLR");
        if (string.IsNullOrEmpty(dir))
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d is not null && !File.Exists(Path.Combine(d.FullName, "EdgeVae.sln"))) d = d.Parent;
            if (d?.Parent is null) return null;
            dir = Path.Combine(d.Parent.FullName, "shared", "nanoclr");
        }
        return File.Exists(Path.Combine(dir, "nanoclr")) && File.Exists(Path.Combine(dir, "mdp")) ? dir : null;
    }

    /// <summary>
    /// Compiles <paramref name="sources"/> at C# 7.3 against the real mscorlib (DEBUG and NANO defined), makes the .pe
    /// with the metadata processor (anything on its error output fails), runs it on nanoCLR and returns the lines it
    /// printed before the END marker the program must print last (a managed exception on nanoCLR prints nothing).
    /// </summary>
    public static string[] Run(params string[] sources) => RunWithEntry(null, sources);

    /// <summary>As <see cref="Run"/>, with the entry point in <paramref name="mainType"/> (when the sources hold more than one Main).</summary>
    public static string[] RunWithEntry(string? mainType, params string[] sources)
    {
        string work = Path.Combine(Path.GetTempPath(), "edgevae-nanoclr", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var options = new CSharpParseOptions(LanguageVersion.CSharp7_3, preprocessorSymbols: ["DEBUG", "NANO"]);
        var compilation = CSharpCompilation.Create("App", sources.Select(s => CSharpSyntaxTree.ParseText(s, options)),
            [MetadataReference.CreateFromFile(Path.Combine(CoreLibrary, "mscorlib.dll"))],
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, optimizationLevel: OptimizationLevel.Release, mainTypeName: mainType));
        string exe = Path.Combine(work, "App.exe"), pe = Path.Combine(work, "App.pe");
        var emitted = compilation.Emit(exe);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var mdp = Tool("mdp", work, "-loadHints", "mscorlib", Path.Combine(CoreLibrary, "mscorlib.dll"), "-parse", exe, "-compile", pe, "false");
        Assert.True(mdp.Code == 0 && mdp.Err.Trim().Length == 0 && File.Exists(pe), $"metadata processor: exit {mdp.Code}\n{mdp.Err}\n{mdp.Out}");
        var run = Tool("nanoclr", work, Path.Combine(CoreLibrary, "mscorlib.pe"), pe);
        var lines = run.Out.Replace("\r\n", "\n").Split('\n');
        int end = Array.IndexOf(lines, "END");
        Assert.True(end >= 0, $"nanoCLR stopped before the end marker (exit {run.Code}; a managed exception prints nothing):\n{string.Join("\n", lines.TakeLast(20))}\n{run.Err}");
        return lines[..end];
    }

    private static (int Code, string Out, string Err) Tool(string name, string work, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(ToolsDirectory!, name)) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(); Assert.Fail($"{name} did not finish in 5 minutes"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A fact that needs nanoCLR: skipped, with the reason, where the tools are not found.</summary>
public sealed class NanoClrFactAttribute : FactAttribute
{
    public NanoClrFactAttribute()
    {
        if (NanoClr.Unavailable is string reason) Skip = reason;
    }
}

/// <summary>A theory that needs nanoCLR: skipped, with the reason, where the tools are not found.</summary>
public sealed class NanoClrTheoryAttribute : TheoryAttribute
{
    public NanoClrTheoryAttribute()
    {
        if (NanoClr.Unavailable is string reason) Skip = reason;
    }
}
