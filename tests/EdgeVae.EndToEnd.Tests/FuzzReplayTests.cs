using EdgeVae.Fuzz;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// Every seed and every crash afl++ has found (fuzz/run.sh copies them to fuzz/crashes/TARGET/) through its fuzz
/// target in process: each reader rejects with its own error or accepts; nothing else escapes.
/// </summary>
public class FuzzReplayTests
{
    private static string Root
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "EdgeVae.sln"))) return d.FullName;
            throw new DirectoryNotFoundException("the repository root (EdgeVae.sln) above " + AppContext.BaseDirectory);
        }
    }

    public static TheoryData<string> Targets => new(FuzzTargets.Names);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Seeds_and_every_crash_found_are_handled(string target)
    {
        var inputs = new[] { "seeds", "crashes" }
            .Select(kind => Path.Combine(Root, "fuzz", kind, target))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .ToList();
        Assert.NotEmpty(inputs); // every target has seeds
        foreach (var file in inputs)
        {
            var e = Record.Exception(() => FuzzTargets.Run(target, File.ReadAllBytes(file)));
            Assert.True(e is null, $"{Path.GetRelativePath(Root, file)}: {e}");
        }
    }
}
