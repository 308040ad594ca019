using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>
/// The same values under another shape (PyTorch's <c>view</c>, <c>nn.Flatten</c>): a batch row holds a sample's values
/// row-major whatever its shape, so forward and backward pass their tensors through.
/// </summary>
public sealed class ReshapeLayer<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    public ReshapeLayer(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
    }

    /// <summary>Values per sample.</summary>
    public int Size { get; }

    /// <inheritdoc />
    public override Tensor<T> Forward(Tensor<T> input) =>
        input.Cols == Size ? input : throw new ArgumentException($"ReshapeLayer({Size}) got input with {input.Cols} features.", nameof(input));

    /// <inheritdoc />
    public override Tensor<T> Backward(Tensor<T> gradOutput) => gradOutput;
}
