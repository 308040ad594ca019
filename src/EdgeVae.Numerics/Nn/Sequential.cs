using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>Layers applied in order (PyTorch's <c>nn.Sequential</c>); backward runs them in reverse.</summary>
public sealed class Sequential<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private readonly Module<T>[] _layers;

    /// <summary>A stack of <paramref name="layers"/>.</summary>
    public Sequential(params Module<T>[] layers) => _layers = layers;

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Module<T>> Layers => _layers;

    /// <inheritdoc />
    public override Tensor<T> Forward(Tensor<T> input)
    {
        Tensor<T> x = input;
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }

    /// <inheritdoc />
    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        Tensor<T> g = gradOutput;
        for (int i = _layers.Length - 1; i >= 0; i--) g = _layers[i].Backward(g);
        return g;
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter<T>> Parameters() => _layers.SelectMany(l => l.Parameters());
}
