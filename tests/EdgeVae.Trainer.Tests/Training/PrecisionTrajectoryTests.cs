using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Precision;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Models;
using EdgeVae.Trainer.Training;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.Tests.Training;

public class PrecisionTrajectoryTests
{
    private sealed class Recorder : ITrainingProgress
    {
        public List<double> Losses { get; } = [];

        public void EpochStarted(int epoch, int epochs, int batches, double learningRate) { }

        public void BatchDone(int epoch, int batch, int batches, LossParts loss) => Losses.Add(loss.Total);

        public void EpochDone(EpochRecord record, bool improved) { }
    }

    private static List<double> Trajectory<T>(float[] train, int n, float[] val, int nv, NormalizeOp norm, int width)
        where T : System.Numerics.INumber<T>, System.Numerics.IExponentialFunctions<T>, System.Numerics.ILogarithmicFunctions<T>, System.Numerics.IHyperbolicFunctions<T>, System.Numerics.IRootFunctions<T>
    {
        var run = new RunDescription("builtin:motor", new DataOptions(),
            new AutoencoderConfig { Kind = ModelKind.Autoencoder, InputSize = width, Hidden = [6], Latent = 3, Activation = EdgeVae.Contract.ActivationFunction.Tanh },
            new TrainOptions { Epochs = 1, BatchSize = 8, Seed = 9 }, "x", "t");
        var recorder = new Recorder();
        new TrainingSession<T>(run, norm, train, n, val, nv).Train(recorder, CancellationToken.None, null);
        return recorder.Losses;
    }

    [Fact]
    public void A_tiny_AE_in_big256_follows_the_float64_loss_trajectory_to_1e_10()
    {
        var (train, n, val, nv, norm, width) = TestData.MotorNormalized(48, 8);
        var reference = Trajectory<double>(train, n, val, nv, norm, width);
        List<double> exact;
        using (BigFloat.UsePrecision(256)) exact = Trajectory<BigFloat>(train, n, val, nv, norm, width);
        Assert.Equal(6, exact.Count);
        for (int i = 0; i < exact.Count; i++)
            Assert.True(Math.Abs(exact[i] - reference[i]) <= 1e-10 * Math.Abs(exact[i]), $"step {i}: big:256 {exact[i]:R} vs float64 {reference[i]:R}");
        // float32 is visibly further away than float64: the oracle can tell the precisions apart.
        var single = Trajectory<float>(train, n, val, nv, norm, width);
        Assert.True(Math.Abs(single[^1] - exact[^1]) > 10 * Math.Abs(reference[^1] - exact[^1]));
    }
}
