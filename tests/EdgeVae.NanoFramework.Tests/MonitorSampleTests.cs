using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// firmware-samples/NanoFrameworkMonitor as it runs without a sensor: its own Program over the recording stored in the
/// assembly (every source but Board.cs, whose GPIO package is not here), on desktop .NET and on nanoCLR, with its
/// events judged against the faults the recording holds.
/// </summary>
[Collection("console")]
public class MonitorSampleTests
{
    /// <summary>Stands in for Board.cs: the recorded source the sample's own Board uses until sensors are wired, and an LED that only counts.</summary>
    private const string TestBoard = """
        namespace NanoFrameworkMonitor
        {
            internal static class Board
            {
                public static ISampleSource CreateSampleSource() { return new RecordedSampleSource(); }
                public static IStatusLed CreateStatusLed() { return new Led(); }
                private sealed class Led : IStatusLed { public void Set(bool on) { } }
            }
            public static class TestEntry
            {
                public static void Main() { Program.Main(); System.Diagnostics.Debug.WriteLine("END"); }
            }
        }
        """;

    private static string[] Sources()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        string sample = Path.Combine(dir!.FullName, "firmware-samples", "NanoFrameworkMonitor");
        return Directory.GetFiles(sample, "*.cs").Where(f => Path.GetFileName(f) != "Board.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText).Append(TestBoard).ToArray();
    }

    /// <summary>The lines Debug.WriteLine prints when the program runs on desktop .NET (compiled with DEBUG, as for nanoCLR).</summary>
    private static List<string> OnDesktop(string[] sources)
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp7_3, preprocessorSymbols: ["DEBUG"]);
        var compilation = CSharpCompilation.Create("Monitor" + Guid.NewGuid().ToString("N"), sources.Select(s => CSharpSyntaxTree.ParseText(s, options)),
            Basic.Reference.Assemblies.Net100.References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var entry = Assembly.Load(ms.ToArray()).GetType("NanoFrameworkMonitor.TestEntry")!;
        var lines = new Lines();
        Trace.Listeners.Add(lines);
        try { entry.GetMethod("Main")!.Invoke(null, null); }
        finally { Trace.Listeners.Remove(lines); }
        int end = lines.All.IndexOf("END");
        Assert.True(end >= 0, "the program did not finish");
        return lines.All.Take(end).ToList();
    }

    [Fact]
    public void On_desktop_the_replayed_recording_raises_every_injected_fault_and_no_false_alarm()
    {
        var lines = OnDesktop(Sources());
        Assert.Contains(lines, l => l.StartsWith("EdgeVae monitor: self-test passed", StringComparison.Ordinal));
        Assert.Contains("recording done: 3 of 3 injected faults raised an alarm, 0 false alarms", lines);
        foreach (var fault in new[] { "Bearing", "Imbalance", "Dropout" })
            Assert.Contains(lines, l => l.StartsWith("ANOMALY at step", StringComparison.Ordinal) && l.EndsWith("(injected " + fault + ")", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("false alarm)", StringComparison.Ordinal));
    }

    [NanoClrFact]
    public void On_nanoCLR_the_sample_prints_what_it_prints_on_desktop()
    {
        var sources = Sources();
        var expected = OnDesktop(sources);
        var actual = NanoClr.RunWithEntry("NanoFrameworkMonitor.TestEntry", sources).SkipWhile(l => !l.StartsWith("EdgeVae monitor:", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, actual);
    }

    private sealed class Lines : TraceListener
    {
        private string _partial = "";

        public List<string> All { get; } = [];

        public override void Write(string? message) => _partial += message;

        public override void WriteLine(string? message)
        {
            All.Add(_partial + message);
            _partial = "";
        }
    }
}
