namespace EdgeVae.Numerics.Nn;

/// <summary>Weight initialisation schemes (PyTorch's <c>nn.init</c>).</summary>
public enum Init
{
    /// <summary>Glorot uniform: U(−a, a), a = √(6/(fan_in + fan_out)). Suits tanh and sigmoid layers.</summary>
    XavierUniform,

    /// <summary>Glorot normal: N(0, 2/(fan_in + fan_out)).</summary>
    XavierNormal,

    /// <summary>He uniform: U(−a, a), a = √(6/fan_in). Suits ReLU layers.</summary>
    HeUniform,

    /// <summary>He normal: N(0, 2/fan_in).</summary>
    HeNormal,

    /// <summary>PyTorch's <c>nn.Linear</c> default: U(−1/√fan_in, 1/√fan_in) for weights and bias.</summary>
    PyTorchDefault,
}
