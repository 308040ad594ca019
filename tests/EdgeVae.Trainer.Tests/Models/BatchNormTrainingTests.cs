using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Models;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Tests.Models;

/// <summary>
/// Dense–BatchNorm–ReLU networks (the MLPerf Tiny AD reference's): they train, and the model file's folded dense layers
/// reconstruct what the trained network does in evaluation, so every later stage computes the trained function.
/// </summary>
public class BatchNormTrainingTests
{
    [Fact]
    public void A_batch_normalised_network_trains_and_its_folded_file_reconstructs_as_it_does()
    {
        var (train, n, val, nv, norm, width) = TestData.MotorNormalized(1024, 256);
        var config = new AutoencoderConfig { Kind = ModelKind.Autoencoder, InputSize = width, Hidden = [64, 32], Latent = 8, BatchNorm = true };
        var run = new RunDescription("builtin:motor", new DataOptions(), config, new TrainOptions { Epochs = 6, BatchSize = 64, Seed = 3 }, "float32", "bn");
        var session = new TrainingSession<double>(run, norm, train, n, val, nv);
        Assert.Equal(5, session.Model.Graph.Ops.Count(o => o is BatchNormOp)); // two hidden, the code, two decoder hidden
        double before = session.ValidationLoss().Total;
        session.Train(SilentProgress.Instance, CancellationToken.None, null);
        Assert.True(before / session.History[^1].ValidationLoss > 1.5, $"validation loss {before:G4} → {session.History[^1].ValidationLoss:G4}");
        // The running statistics moved away from their start (mean 0, variance 1).
        Assert.Contains(session.Model.Buffers().First().Span.ToArray(), v => Math.Abs(v) > 1e-3);

        var model = ModelFileReader.Read(ModelFileWriter.Write(ModelExporter.Export(session.Model, run, norm, TestData.Motor.Train, session.History, "motor")));
        Assert.DoesNotContain(model.Graph.Ops, o => o is BatchNormOp);
        Assert.Equal("encoder.2", model.Graph.Latent);
        var folded = ModelImporter.Build<double>(model);
        var x = Tensor<double>.FromArray(16, width, val.Take(16 * width).Select(v => (double)v).ToArray());
        var expected = Tensor<double>.Zeros(16, width);
        var actual = Tensor<double>.Zeros(16, width);
        session.Model.Reconstruct(x, expected);
        folded.Reconstruct(x, actual);
        double worst = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        // float32 weights in the file: agreement to float rounding, not better.
        Assert.True(worst <= 1e-4 * scale, $"folded reconstruction differs by {worst} (scale {scale})");
    }

    [Fact]
    public void A_resumed_batch_normalised_run_restores_the_running_statistics()
    {
        var (train, n, val, nv, norm, width) = TestData.MotorNormalized(512, 128);
        var config = new AutoencoderConfig { Kind = ModelKind.Autoencoder, InputSize = width, Hidden = [32], Latent = 4, BatchNorm = true };
        var run = new RunDescription("builtin:motor", new DataOptions(), config, new TrainOptions { Epochs = 2, BatchSize = 64, Seed = 3 }, "float32", "bn");
        var session = new TrainingSession<float>(run, norm, train, n, val, nv);
        session.Train(SilentProgress.Instance, CancellationToken.None, null);
        string path = TestData.TempPath("bn.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        CheckpointFile.Save(session, path);
        var (header, headerNorm, root) = CheckpointFile.ReadHeader(path);
        var resumed = new TrainingSession<float>(header with { Model = config }, headerNorm, train, n, val, nv);
        CheckpointFile.Restore(resumed, root, path);
        Assert.Equal(session.Model.Buffers().SelectMany(b => b.Span.ToArray()), resumed.Model.Buffers().SelectMany(b => b.Span.ToArray()));
    }
}
