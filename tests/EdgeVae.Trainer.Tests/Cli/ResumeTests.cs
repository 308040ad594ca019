using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeVae.Trainer.Cli;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Tests.Cli;

/// <summary>
/// <c>edgevae train --resume CKPT</c> as a user runs it: the training process killed with SIGKILL at several points, the
/// resume given nothing but the checkpoint, in a directory holding an unrelated model.evae.
/// </summary>
[Collection("console")]
public class ResumeTests
{
    // 40 epochs of ~60 ms: the last kill (after epoch 20) leaves about a second before the run would end, so a busy
    // machine does not let training finish before the kill lands.
    private const int Epochs = 40;

    private static readonly string[] Recipe = ["train", "--data", "builtin:motor", "--train-limit", "8192", "--kind", "denoising", "--hidden", "256,64",
        "--latent", "8", "--epochs", Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "11", "--threshold", "fpr:0.02", "--name", "motor"];

    /// <summary>edgevae in its own process (the test's build of it), in <paramref name="directory"/>.</summary>
    private static Process Start(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(typeof(EdgeVaeCli).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static (int Code, string Err) RunToEnd(string directory, params string[] args)
    {
        using var p = Start(directory, args);
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(300_000), "edgevae did not finish in 5 minutes");
        return (p.ExitCode, err.Result);
    }

    private static int CheckpointEpoch(string path)
    {
        try { return JsonNode.Parse(File.ReadAllText(path))!["epoch"]!.GetValue<int>(); }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException) { return -1; } // not there yet (writes are atomic renames)
    }

    [Fact]
    public void A_run_killed_at_several_points_and_resumed_with_only_the_checkpoint_is_byte_identical_to_an_uninterrupted_one()
    {
        string root = Path.GetDirectoryName(TestData.TempPath("x"))!;
        string whole = Path.Combine(root, "whole", "m.evae");
        Directory.CreateDirectory(Path.GetDirectoryName(whole)!);
        var reference = RunToEnd(root, [.. Recipe, "-o", whole]);
        Assert.True(reference.Code == 0, reference.Err);

        foreach (int killAfter in new[] { 1, 10, 20 })
        {
            string dir = Path.Combine(root, $"killed-{killAfter}");
            Directory.CreateDirectory(dir);
            string model = Path.Combine(dir, "run", "m.evae"), checkpoint = model + ".ckpt";
            string unrelated = Path.Combine(dir, "model.evae");
            File.WriteAllText(unrelated, "someone else's model");

            using (var p = Start(dir, [.. Recipe, "-o", model]))
            {
                _ = p.StandardError.ReadToEndAsync();
                _ = p.StandardOutput.ReadToEndAsync();
                var clock = Stopwatch.StartNew();
                while (CheckpointEpoch(checkpoint) < killAfter && !p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5)) Thread.Sleep(2);
                Assert.False(p.HasExited, $"training ended before the kill after epoch {killAfter}: the recipe is too quick for this test");
                p.Kill(); // SIGKILL: no handler runs, no checkpoint is written on the way out
                p.WaitForExit();
            }
            Assert.False(File.Exists(model));
            int at = CheckpointEpoch(checkpoint);
            Assert.InRange(at, killAfter, Epochs - 1);

            var resumed = RunToEnd(dir, "train", "--resume", checkpoint);
            Assert.True(resumed.Code == 0, resumed.Err);
            Assert.Contains($"resuming after epoch {at}", resumed.Err);
            Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(model));
            Assert.Equal("someone else's model", File.ReadAllText(unrelated));
            Assert.Equal(new[] { "model.evae", "run" }, Directory.EnumerateFileSystemEntries(dir).Select(f => Path.GetFileName(f)!).Order().ToArray());
        }
    }

    [Fact]
    public void Options_that_contradict_the_checkpoint_are_refused_and_extending_the_epochs_is_not()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        Directory.CreateDirectory(dir);
        string model = Path.Combine(dir, "m.evae"), checkpoint = model + ".ckpt";
        string[] small = ["train", "--data", "builtin:motor", "--train-limit", "256", "--hidden", "16", "--latent", "4", "--epochs", "2", "--seed", "3", "-o", model];
        Assert.Equal(0, EdgeVaeCli.Invoke(small));
        byte[] before = File.ReadAllBytes(model);
        foreach (var (extra, named) in new[]
        {
            (new[] { "--lr", "0.01" }, "--lr"),
            (new[] { "--data", "builtin:motor" }, "--data"),
            (new[] { "-o", Path.Combine(dir, "other.evae") }, "-o"),
            (new[] { "--epochs", "1" }, "--epochs 1"),
        })
        {
            var (code, _, err) = CliRunner.Run(["train", "--resume", checkpoint, .. extra]);
            Assert.NotEqual(0, code);
            Assert.Contains(named, err);
            Assert.Equal(before, File.ReadAllBytes(model));
            Assert.False(File.Exists(Path.Combine(dir, "other.evae")));
        }
        // Repeating the run's own output is no contradiction; --epochs 4 extends the finished run by two epochs.
        Assert.Equal(0, EdgeVaeCli.Invoke(["train", "--resume", checkpoint, "--epochs", "4", "-o", model]));
        Assert.NotEqual(before, File.ReadAllBytes(model));
        Assert.Equal(4, CheckpointEpoch(checkpoint));
    }

    [Theory]
    [InlineData("edgevae_checkpoint", "\"one\"", "not an EdgeVae checkpoint")]
    [InlineData("epoch", "-5", "epoch -5")]
    [InlineData("next_batch", "1000000000", "next_batch 1000000000")]
    [InlineData("epochs_since_best", "-1", "epochs_since_best -1")]
    public void Checkpoint_values_outside_what_training_can_be_at_are_refused_with_the_file(string member, string value, string message)
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        Directory.CreateDirectory(dir);
        string model = Path.Combine(dir, "m.evae"), checkpoint = model + ".ckpt";
        Assert.Equal(0, EdgeVaeCli.Invoke(["train", "--data", "builtin:motor", "--train-limit", "256", "--hidden", "16", "--latent", "4", "--epochs", "2", "--seed", "3", "-o", model]));
        var json = JsonNode.Parse(File.ReadAllText(checkpoint))!.AsObject();
        json[member] = JsonNode.Parse(value);
        File.WriteAllText(checkpoint, json.ToJsonString());
        var (code, _, err) = CliRunner.Run("train", "--resume", checkpoint);
        Assert.NotEqual(0, code);
        Assert.Contains(message, err);
        Assert.Contains(checkpoint, err);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1e39)]
    public void A_checkpoint_parameter_that_is_not_a_finite_float_is_refused(double value)
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        Directory.CreateDirectory(dir);
        string model = Path.Combine(dir, "m.evae"), checkpoint = model + ".ckpt";
        Assert.Equal(0, EdgeVaeCli.Invoke(["train", "--data", "builtin:motor", "--train-limit", "256", "--hidden", "16", "--latent", "4", "--epochs", "2", "--seed", "3", "-o", model]));
        var json = JsonNode.Parse(File.ReadAllText(checkpoint))!.AsObject();
        var first = json["parameters"]![0]!;
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(Convert.FromBase64String(first.GetValue<string>())).ToArray();
        values[5] = value;
        json["parameters"]![0] = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        File.WriteAllText(checkpoint, json.ToJsonString());
        var (code, _, err) = CliRunner.Run("train", "--resume", checkpoint, "--epochs", "3");
        Assert.NotEqual(0, code);
        Assert.Contains("at index 5, which is not a finite Single", err);
    }

    [Fact]
    public void A_temporary_file_left_by_a_killed_writer_is_removed_by_the_next_write_and_a_live_ones_is_not()
    {
        string path = TestData.TempPath("m.evae.ckpt");
        string dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        // No process has id int.MaxValue (Linux caps ids at 2^22); this one is running.
        string orphan = Path.Combine(dir, $".m.evae.ckpt.{int.MaxValue}.{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(dir, $".m.evae.ckpt.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string foreign = Path.Combine(dir, ".m.evae.ckpt.notes.tmp");
        foreach (var f in new[] { orphan, live, foreign }) File.WriteAllText(f, "half a checkpoint");
        AtomicFile.WriteAllText(path, "checkpoint");
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(foreign));
        Assert.Equal("checkpoint", File.ReadAllText(path));
    }
}
