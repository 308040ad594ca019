namespace EdgeVae.Numerics.Activations;

/// <summary>The elementwise nonlinearities a layer can apply (PyTorch names).</summary>
public enum ActivationKind
{
    /// <summary>f(x) = x.</summary>
    Identity,

    /// <summary>f(x) = max(x, 0).</summary>
    ReLU,

    /// <summary>f(x) = x for x &gt; 0, else slope·x.</summary>
    LeakyReLU,

    /// <summary>f(x) = 1/(1 + e^(−x)).</summary>
    Sigmoid,

    /// <summary>f(x) = tanh x.</summary>
    Tanh,

    /// <summary>f(x) = ln(1 + e^x), computed as max(x, 0) + ln(1 + e^(−|x|)) so it never overflows.</summary>
    Softplus,
}
