using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.Training;

/// <summary>Receives progress from a training run (a progress bar, plain log lines, or nothing).</summary>
public interface ITrainingProgress
{
    void EpochStarted(int epoch, int epochs, int batches, double learningRate);

    void BatchDone(int epoch, int batch, int batches, LossParts loss);

    void EpochDone(EpochRecord record, bool improved);
}

/// <summary>Discards progress (tests, library use).</summary>
public sealed class SilentProgress : ITrainingProgress
{
    public static readonly SilentProgress Instance = new();

    public void EpochStarted(int epoch, int epochs, int batches, double learningRate) { }

    public void BatchDone(int epoch, int batch, int batches, LossParts loss) { }

    public void EpochDone(EpochRecord record, bool improved) { }
}
