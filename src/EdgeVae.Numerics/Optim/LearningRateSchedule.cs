namespace EdgeVae.Numerics.Optim;

/// <summary>A learning rate as a function of the epoch (PyTorch's <c>lr_scheduler</c>, stepped once per epoch).</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for 0-based <paramref name="epoch"/>.</summary>
    public abstract double At(int epoch);

    /// <summary>η for every epoch.</summary>
    public static LearningRateSchedule Constant(double learningRate) => new StepSchedule(learningRate, int.MaxValue, 1);

    /// <summary>η·γ^⌊epoch/stepSize⌋ (PyTorch's <c>StepLR</c>).</summary>
    public static LearningRateSchedule Step(double learningRate, int stepSize, double gamma) => new StepSchedule(learningRate, stepSize, gamma);

    /// <summary>η_min + ½(η − η_min)(1 + cos(π·epoch/T)) (PyTorch's <c>CosineAnnealingLR</c>), η_min after T epochs.</summary>
    public static LearningRateSchedule Cosine(double learningRate, int totalEpochs, double minimum = 0) => new CosineSchedule(learningRate, totalEpochs, minimum);

    private sealed class StepSchedule : LearningRateSchedule
    {
        private readonly double _lr, _gamma;
        private readonly int _stepSize;

        public StepSchedule(double lr, int stepSize, double gamma)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
            if (!(gamma > 0)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must be positive.");
            (_lr, _stepSize, _gamma) = (lr, stepSize, gamma);
        }

        public override double At(int epoch) => _lr * Math.Pow(_gamma, epoch / _stepSize);
    }

    private sealed class CosineSchedule : LearningRateSchedule
    {
        private readonly double _lr, _min;
        private readonly int _total;

        public CosineSchedule(double lr, int total, double min)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
            if (min < 0 || min > lr) throw new ArgumentOutOfRangeException(nameof(min), min, "The minimum must be in [0, learning rate].");
            (_lr, _total, _min) = (lr, total, min);
        }

        public override double At(int epoch) =>
            epoch >= _total ? _min : _min + 0.5 * (_lr - _min) * (1 + Math.Cos(Math.PI * epoch / _total));
    }
}
