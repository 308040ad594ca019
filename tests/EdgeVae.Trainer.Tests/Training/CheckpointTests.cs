using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Models;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Tests.Training;

public class CheckpointTests
{
    private sealed class CancelAfter(int batches, CancellationTokenSource cts) : ITrainingProgress
    {
        private int _seen;

        public void EpochStarted(int epoch, int epochs, int batchCount, double learningRate) { }

        public void BatchDone(int epoch, int batch, int batchCount, LossParts loss)
        {
            if (++_seen == batches) cts.Cancel();
        }

        public void EpochDone(EpochRecord record, bool improved) { }
    }

    private static RunDescription Run(int width) => new("builtin:motor", new DataOptions(),
        new AutoencoderConfig { Kind = ModelKind.Variational, InputSize = width, Hidden = [32], Latent = 4 },
        new TrainOptions { Epochs = 3, BatchSize = 64, Seed = 5, Patience = 10 }, "float32", "t");

    [Fact]
    public void A_run_interrupted_mid_epoch_and_resumed_ends_bit_identical_to_an_uninterrupted_run()
    {
        var (train, n, val, nv, norm, width) = TestData.MotorNormalized(512, 128);
        var whole = new TrainingSession<float>(Run(width), norm, train, n, val, nv);
        whole.Train(SilentProgress.Instance, CancellationToken.None, null);

        string path = TestData.TempPath("run.evae.ckpt");
        using var cts = new CancellationTokenSource();
        var first = new TrainingSession<float>(Run(width), norm, train, n, val, nv);
        Assert.Throws<OperationCanceledException>(() => first.Train(new CancelAfter(13, cts), cts.Token, path)); // epoch 2, batch 6

        var (run, savedNorm, root) = CheckpointFile.ReadHeader(path);
        Assert.Equal(norm, savedNorm);
        var resumed = new TrainingSession<float>(run, savedNorm, train, n, val, nv);
        CheckpointFile.Restore(resumed, root, path);
        Assert.Equal(1, resumed.Epoch);
        resumed.Train(SilentProgress.Instance, CancellationToken.None, path);

        var a = whole.Model.Parameters().SelectMany(p => p.Value.Span.ToArray()).ToArray();
        var b = resumed.Model.Parameters().SelectMany(p => p.Value.Span.ToArray()).ToArray();
        Assert.Equal(a, b);
        Assert.Equal(whole.History.Select(h => h.ValidationLoss), resumed.History.Select(h => h.ValidationLoss));
    }

    [Fact]
    public void A_write_that_dies_midway_leaves_the_previous_file_readable_and_no_temporary_file()
    {
        string path = TestData.TempPath("model.evae.ckpt");
        AtomicFile.WriteAllText(path, "previous checkpoint");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            throw new IOException("disk unplugged"); // the process dies here, mid-write
        }));
        Assert.Equal("previous checkpoint", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_damaged_checkpoint_is_rejected_with_its_path()
    {
        string path = TestData.TempPath("bad.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{\"edgevae_checkpoint\": 1, \"run\": ");
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.ReadHeader(path));
        Assert.Contains(path, e.Message);
    }
}
