using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>
/// A differentiable layer with an explicit backward pass (PyTorch's <c>nn.Module</c>). <see cref="Forward"/>
/// keeps what <see cref="Backward"/> needs; both return tensors the module owns and reuses for the next
/// batch of the same size, so a training loop allocates nothing per step.
/// </summary>
public abstract class Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    /// <summary>Computes the output for a batch (one sample per row).</summary>
    public abstract Tensor<T> Forward(Tensor<T> input);

    /// <summary>
    /// Given ∂loss/∂output for the last <see cref="Forward"/>, accumulates parameter gradients and returns ∂loss/∂input.
    /// </summary>
    public abstract Tensor<T> Backward(Tensor<T> gradOutput);

    /// <summary>The trainable parameters, in a fixed order.</summary>
    public virtual IEnumerable<Parameter<T>> Parameters() => [];

    /// <summary>Resets every parameter gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>Throws unless Backward follows a Forward with a matching batch.</summary>
    protected static void CheckBackward(Tensor<T>? cachedInput, Tensor<T> gradOutput, int expectedCols, string layer)
    {
        if (cachedInput is null) throw new InvalidOperationException($"{layer}.Backward was called before Forward.");
        if (gradOutput.Rows != cachedInput.Rows || gradOutput.Cols != expectedCols)
            throw new ArgumentException($"{layer}.Backward expected a gradient of shape [{cachedInput.Rows}, {expectedCols}], got [{gradOutput.Rows}, {gradOutput.Cols}].");
    }
}
