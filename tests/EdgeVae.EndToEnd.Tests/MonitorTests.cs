using System.Buffers.Binary;
using System.Diagnostics;
using EdgeVae.Trainer.Cli;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>The NativeAOT monitor sample (its JIT build) as a user runs it: bad arguments, damaged recordings, non-finite values.</summary>
public class MonitorTests
{
    private static readonly string Monitor = Path.Combine(AppContext.BaseDirectory, "NativeAotMonitor.dll");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Monitor);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "the monitor did not finish in 2 minutes");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static readonly Lazy<string> Binary = new(() => Recording("bin"));

    private static string Recording(string format)
    {
        string path = Path.Combine(Path.GetTempPath(), "edgevae-tests", Guid.NewGuid().ToString("N"), "r." + format);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Assert.Equal(0, EdgeVaeCli.Invoke(["data", "recording", "--seconds", "60", "--seed", "4", "--format", format, "-o", path]));
        return path;
    }

    private static int Scored(string output) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"(\d+) windows scored").Groups[1].Value);

    [Theory]
    [InlineData("--hop 0", "--hop \"0\": give a whole number from 1 to 1000000")]
    [InlineData("--hop abc", "--hop \"abc\"")]
    [InlineData("--hop -3", "--hop \"-3\"")]
    [InlineData("--hop 99999999999", "--hop \"99999999999\"")]
    [InlineData("--hop", "--hop needs a value")]
    [InlineData("--k 5 --n 3", "k must not exceed n")]
    [InlineData("--n 0", "--n \"0\"")]
    [InlineData("--n 65", "--n \"65\"")]
    [InlineData("--frobnicate", "unknown option --frobnicate")]
    [InlineData("a.csv b.csv", "one recording at a time")]
    public void Bad_arguments_exit_2_with_the_reason_and_the_usage(string args, string message)
    {
        var (code, _, err) = Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Contains("usage: NativeAotMonitor", err);
    }

    [Fact]
    public void Damaged_recordings_are_refused_naming_the_file_and_where()
    {
        string dir = Path.GetDirectoryName(Binary.Value)!;
        string truncated = Path.Combine(dir, "truncated.bin");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Binary.Value)[..100_000]);
        var t = Run(truncated);
        Assert.Equal(2, t.Code);
        Assert.Contains(truncated + ": truncated", t.Err);

        string csv = Recording("csv");
        var lines = File.ReadAllLines(csv);
        lines[200] = string.Join(',', lines[200].Split(',')[..^1]) + ",99999999999999"; // a fault cell past int32
        string huge = Path.Combine(dir, "huge.csv");
        File.WriteAllLines(huge, lines);
        var h = Run(huge);
        Assert.Equal(2, h.Code);
        Assert.Contains($"{huge}:201: the fault label \"99999999999999\"", h.Err);

        lines = File.ReadAllLines(csv);
        lines[300] = "1,2,x,4,0";
        string text = Path.Combine(dir, "text.csv");
        File.WriteAllLines(text, lines);
        Assert.Contains($"{text}:301: \"x\" is not a number", Run(text).Err);
    }

    [Fact]
    public void A_nan_every_50_samples_still_scores_every_window_and_a_nan_burst_is_reported()
    {
        var clean = Run(Binary.Value);
        Assert.True(clean.Code == 0, clean.Err);
        byte[] raw = File.ReadAllBytes(Binary.Value);
        int channels = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(4)), steps = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(8));
        void Nan(byte[] b, int t, int c) => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(12 + 4 * (channels * t + c)), float.NaN);

        var sparse = (byte[])raw.Clone();
        for (int t = 49; t < steps; t += 50) Nan(sparse, t, 1);
        string sparsePath = Path.Combine(Path.GetDirectoryName(Binary.Value)!, "sparse-nan.bin");
        File.WriteAllBytes(sparsePath, sparse);
        var s = Run(sparsePath);
        Assert.True(s.Code == 0, s.Err);
        Assert.Equal(Scored(clean.Out), Scored(s.Out)); // it used to score none
        Assert.Contains($"{steps / 50} steps had non-finite values", s.Out);
        Assert.Contains("raised", s.Out);

        var burst = (byte[])raw.Clone();
        for (int t = 5000; t < 5400; t++) for (int c = 0; c < channels; c++) Nan(burst, t, c);
        string burstPath = Path.Combine(Path.GetDirectoryName(Binary.Value)!, "burst-nan.bin");
        File.WriteAllBytes(burstPath, burst);
        var b = Run(burstPath);
        Assert.True(b.Code == 0, b.Err);
        Assert.Contains("input fault sample", b.Out);
        Assert.Contains("input ok sample", b.Out);
        Assert.True(Scored(b.Out) < Scored(clean.Out));
    }

    [Fact]
    public void A_piped_binary_recording_gives_the_same_events_and_truth_as_the_file()
    {
        var file = Run(Binary.Value);
        var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"dotnet '{Monitor}' - < '{Binary.Value}'");
        using var p = Process.Start(info)!;
        string piped = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        static string[] Keep(string o) => o.Split('\n').Where(l => l.Contains("recall") || l.StartsWith("raised") || l.StartsWith("cleared")).Select(l => l.Split("  truth")[0]).ToArray();
        Assert.Equal(Keep(file.Out), Keep(piped));
        Assert.Contains("recall", piped);
    }

    [Fact]
    public void A_truth_column_of_another_name_is_read_when_named()
    {
        string csv = Recording("csv");
        string renamed = csv.Replace("r.csv", "renamed.csv");
        var lines = File.ReadAllLines(csv);
        lines[0] = lines[0].Replace(",fault", ",label");
        File.WriteAllLines(renamed, lines);
        var plain = Run(csv);
        var unnamed = Run(renamed);
        var named = Run(renamed, "--truth-column", "label");
        Assert.True(named.Code == 0, named.Err);
        Assert.Contains("recall", plain.Out);
        Assert.Contains("truth 1 (bearing)", plain.Out); // each raised event names the fault it falls in
        Assert.DoesNotContain("recall", unnamed.Out + unnamed.Err); // without the name, "label" would be a fifth channel: refused
        static string Recall(string o) => o.Split('\n').Single(l => l.StartsWith("recall", StringComparison.Ordinal));
        Assert.Equal(Recall(plain.Out), Recall(named.Out));
    }
}
