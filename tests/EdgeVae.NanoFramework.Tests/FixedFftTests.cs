using System.Text;
using EdgeVae.Contract;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// The contract's fixed-point FFT is C# 7.3 over arrays: its own source, compiled for desktop .NET and for nanoCLR, gives
/// the desktop library's integers on both — the block exponent, every output and the power spectrum.
/// </summary>
public class FixedFftTests
{
    private static string RepositoryFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        return File.ReadAllText(Path.Combine([dir!.FullName, .. parts]));
    }

    private static int[] Frame(int n, int seed)
    {
        var rng = new Random(seed);
        var hann = TrigTables.HannQ15(n);
        return Enumerable.Range(0, n).Select(t => (int)Math.Round((0.3 * Math.Sin(0.37 * t) + 0.2 * Math.Sin(2.1 * t) + 0.05 * (rng.NextDouble() - 0.5)) * 32768) * hann[t] >> 15).ToArray();
    }

    /// <summary>One line per frame: the exponent and hashes of the outputs and of the power spectrum.</summary>
    private static string Run(int n, int[][] frames)
    {
        var sb = new StringBuilder();
        string Shorts(short[] v) => "new short[] { " + string.Join(", ", v) + " }";
        sb.AppendLine($"short[] cos = {Shorts(TrigTables.CosineQ15(n))}; short[] sin = {Shorts(TrigTables.SineQ15(n))};");
        sb.AppendLine("int[][] frames = new int[][] {");
        foreach (var f in frames) sb.AppendLine("new int[] { " + string.Join(", ", f) + " },");
        sb.AppendLine("};");
        sb.AppendLine($"int[] re = new int[{n}], im = new int[{n}], power = new int[{n / 2 + 1}];");
        sb.AppendLine("for (int f = 0; f < frames.Length; f++) {");
        sb.AppendLine($"for (int i = 0; i < {n}; i++) {{ re[i] = frames[f][i]; im[i] = 0; }}");
        sb.AppendLine("int e = EdgeVae.Contract.FixedFft.Forward(re, im, cos, sin);");
        sb.AppendLine("EdgeVae.Contract.FixedFft.Power(re, im, power);");
        sb.AppendLine("int h = 17; for (int i = 0; i < re.Length; i++) h = h * 31 + re[i] * 7 + im[i]; int hp = 17; for (int i = 0; i < power.Length; i++) hp = hp * 31 + power[i];");
        sb.AppendLine("Out(\"F \" + f + \" \" + e + \" \" + h + \" \" + hp);");
        sb.AppendLine("}");
        return Probe.Source([], sb.ToString());
    }

    private static List<string> Expected(int n, int[][] frames) => frames.Select((f, i) =>
    {
        int[] re = (int[])f.Clone(), im = new int[n], power = new int[n / 2 + 1];
        int e = FixedFft.Forward(re, im, TrigTables.CosineQ15(n), TrigTables.SineQ15(n));
        FixedFft.Power(re, im, power);
        int h = 17, hp = 17;
        unchecked
        {
            for (int k = 0; k < n; k++) h = h * 31 + re[k] * 7 + im[k];
            foreach (int p in power) hp = hp * 31 + p;
        }
        return $"F {i} {e} {h} {hp}";
    }).ToList();

    [Fact]
    public void The_contract_source_compiled_as_csharp_7_3_gives_the_librarys_integers()
    {
        string fft = RepositoryFile("src", "EdgeVae.Contract", "Signal", "FixedFft.cs");
        var frames = Enumerable.Range(0, 6).Select(s => Frame(256, s)).ToArray();
        Assert.Equal(Expected(256, frames), Probe.OnDesktop(fft, Run(256, frames)));
    }

    [NanoClrFact]
    public void On_nanoCLR_the_fft_gives_the_desktops_integers()
    {
        string fft = RepositoryFile("src", "EdgeVae.Contract", "Signal", "FixedFft.cs");
        var frames = Enumerable.Range(0, 4).Select(s => Frame(512, s)).ToArray();
        var actual = NanoClr.Run(fft, Run(512, frames)).Where(l => l.StartsWith("F ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Expected(512, frames), actual);
    }
}
