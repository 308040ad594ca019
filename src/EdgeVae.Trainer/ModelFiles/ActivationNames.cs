using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Activations;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>The backend's activation kinds and the model file's activation functions, one to one.</summary>
public static class ActivationNames
{
    public static ActivationFunction ToFile(ActivationKind kind) => kind switch
    {
        ActivationKind.Identity => ActivationFunction.Identity,
        ActivationKind.ReLU => ActivationFunction.Relu,
        ActivationKind.LeakyReLU => ActivationFunction.LeakyRelu,
        ActivationKind.Sigmoid => ActivationFunction.Sigmoid,
        ActivationKind.Tanh => ActivationFunction.Tanh,
        ActivationKind.Softplus => ActivationFunction.Softplus,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ActivationKind FromFile(ActivationFunction f) => f switch
    {
        ActivationFunction.Identity => ActivationKind.Identity,
        ActivationFunction.Relu => ActivationKind.ReLU,
        ActivationFunction.LeakyRelu => ActivationKind.LeakyReLU,
        ActivationFunction.Sigmoid => ActivationKind.Sigmoid,
        ActivationFunction.Tanh => ActivationKind.Tanh,
        ActivationFunction.Softplus => ActivationKind.Softplus,
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, null),
    };

    public static ActivationKind Parse(string text) => text.ToLowerInvariant() switch
    {
        "identity" or "linear" => ActivationKind.Identity,
        "relu" => ActivationKind.ReLU,
        "leaky_relu" or "leakyrelu" => ActivationKind.LeakyReLU,
        "sigmoid" => ActivationKind.Sigmoid,
        "tanh" => ActivationKind.Tanh,
        "softplus" => ActivationKind.Softplus,
        _ => throw new ArgumentException($"--activation \"{text}\": use relu, leaky_relu, tanh, sigmoid, softplus or identity."),
    };
}
