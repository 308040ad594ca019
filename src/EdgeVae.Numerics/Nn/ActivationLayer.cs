using System.Numerics;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Contract;

namespace EdgeVae.Numerics.Nn;

/// <summary>An elementwise nonlinearity as a layer (PyTorch's <c>nn.ReLU</c>, <c>nn.Tanh</c>, …).</summary>
public sealed class ActivationLayer<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private readonly Tensor<T> _output = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradInput = Tensor<T>.Zeros(0, 0);
    private Tensor<T>? _input;

    /// <summary>A layer applying <paramref name="kind"/>; <paramref name="negativeSlope"/> is used by leaky ReLU.</summary>
    public ActivationLayer(ActivationFunction kind, double negativeSlope = ActivationMath.LeakyReluSlope)
    {
        Kind = kind;
        NegativeSlope = negativeSlope;
    }

    /// <summary>The nonlinearity.</summary>
    public ActivationFunction Kind { get; }

    /// <summary>Leaky ReLU's slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc />
    public override Tensor<T> Forward(Tensor<T> input)
    {
        _input = input;
        _output.EnsureShape(input.Rows, input.Cols);
        Activation.Forward<T>(Kind, input.Span, _output.Span, NegativeSlope);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        CheckBackward(_input, gradOutput, _input?.Cols ?? 0, Kind.ToString());
        _gradInput.EnsureShape(gradOutput.Rows, gradOutput.Cols);
        Activation.Backward<T>(Kind, _input!.Span, _output.Span, gradOutput.Span, _gradInput.Span, NegativeSlope);
        return _gradInput;
    }
}
