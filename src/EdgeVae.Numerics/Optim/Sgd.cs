using System.Numerics;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum and L2 weight decay, with PyTorch's update rule:
/// g ← ∇ + λθ; v ← μv + g; θ ← θ − η·(nesterov ? g + μv : v).
/// </summary>
public sealed class Sgd<T> : Optimizer<T> where T : INumber<T>, IRootFunctions<T>
{
    private readonly Tensor<T>[] _velocity;

    /// <summary>SGD with <paramref name="momentum"/> μ ∈ [0, 1) and <paramref name="weightDecay"/> λ ≥ 0.</summary>
    public Sgd(IEnumerable<Parameter<T>> parameters, double learningRate, double momentum = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, learningRate)
    {
        if (momentum < 0 || momentum >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        if (nesterov && momentum == 0) throw new ArgumentException("Nesterov momentum needs a momentum above zero.", nameof(nesterov));
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _velocity = Parameters.Select(p => p.Value.Rank == 1 ? Tensor<T>.Zeros(p.Value.Cols) : Tensor<T>.Zeros(p.Value.Rows, p.Value.Cols)).ToArray();
    }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Tensor<T>> StateTensors => _velocity;

    /// <summary>λ (L2 penalty added to the gradient).</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the Nesterov look-ahead is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public override void Step()
    {
        T lr = T.CreateChecked(LearningRate), mu = T.CreateChecked(Momentum), decay = T.CreateChecked(WeightDecay);
        bool useMomentum = Momentum > 0;
        for (int k = 0; k < Parameters.Count; k++)
        {
            Span<T> theta = Parameters[k].Value.Span, grad = Parameters[k].Grad.Span, v = _velocity[k].Span;
            for (int i = 0; i < theta.Length; i++)
            {
                T g = grad[i] + decay * theta[i];
                if (useMomentum)
                {
                    v[i] = StepCount == 0 ? g : mu * v[i] + g;
                    g = Nesterov ? g + mu * v[i] : v[i];
                }
                theta[i] -= lr * g;
            }
        }
        StepCount++;
    }
}
