using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>A trainable tensor and the gradient that backward passes accumulate into it (PyTorch's <c>nn.Parameter</c> with <c>.grad</c>).</summary>
public sealed class Parameter<T> where T : INumberBase<T>
{
    /// <summary>Creates a parameter with a zero gradient of the same shape.</summary>
    public Parameter(string name, Tensor<T> value)
    {
        Name = name;
        Value = value;
        Grad = value.Rank == 1 ? Tensor<T>.Zeros(value.Cols) : Tensor<T>.Zeros(value.Rows, value.Cols);
    }

    /// <summary>A dotted name such as <c>encoder.0.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The current value.</summary>
    public Tensor<T> Value { get; }

    /// <summary>∂loss/∂value, accumulated by backward passes until <see cref="ZeroGrad"/>.</summary>
    public Tensor<T> Grad { get; }

    /// <summary>Resets the gradient to zero.</summary>
    public void ZeroGrad() => Grad.Clear();
}
