namespace EdgeVae.Numerics.InformationTheory;

/// <summary>The unit of an information quantity.</summary>
public enum LogBase
{
    /// <summary>Natural logarithm: nats.</summary>
    Nats,

    /// <summary>Base-2 logarithm: bits (shannons). 1 bit = ln 2 nats.</summary>
    Bits,
}
