namespace EdgeVae.Trainer.Training;

/// <summary>One epoch of history: mean training and validation loss parts, the learning rate, wall time.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainReconstruction, double TrainRegularizer,
    double ValidationLoss, double ValidationReconstruction, double ValidationRegularizer, double LearningRate, double Seconds);

/// <summary>A run stopped because its loss stopped being a number.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
