using System.Numerics;
using EdgeVae.Numerics.Nn;

namespace EdgeVae.Numerics.Optim;

/// <summary>
/// Updates parameters from their accumulated gradients (PyTorch's <c>torch.optim.Optimizer</c>): call
/// <see cref="Step"/> after a backward pass, then <see cref="ZeroGrad"/>.
/// </summary>
public abstract class Optimizer<T> where T : INumber<T>, IRootFunctions<T>
{
    /// <summary>An optimizer over <paramref name="parameters"/> (fixed order) at <paramref name="learningRate"/>.</summary>
    protected Optimizer(IEnumerable<Parameter<T>> parameters, double learningRate)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive finite number.");
        Parameters = parameters.ToArray();
        LearningRate = learningRate;
    }

    /// <summary>The parameters updated, in order.</summary>
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>The step size; schedules change it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>Steps taken so far.</summary>
    public long StepCount { get; protected set; }

    /// <summary>The optimizer's per-parameter buffers (moments, velocities) in a fixed order, for checkpoints.</summary>
    public virtual IReadOnlyList<Tensors.Tensor<T>> StateTensors => [];

    /// <summary>Resumes the step counter from a checkpoint (bias corrections depend on it).</summary>
    public void RestoreStepCount(long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        StepCount = steps;
    }

    /// <summary>Applies one update from the current gradients.</summary>
    public abstract void Step();

    /// <summary>Resets every gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }
}
