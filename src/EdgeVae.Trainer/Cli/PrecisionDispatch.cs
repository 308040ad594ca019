using System.Numerics;
using EdgeVae.Numerics.Precision;

namespace EdgeVae.Trainer.Cli;

/// <summary>Code that runs in whatever floating-point type the user picked with --precision.</summary>
public interface IPrecisionAction<out TResult>
{
    TResult Run<T>() where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>;
}

/// <summary>Maps <c>float32 | float64 | half | big:BITS</c> onto the backend's element types.</summary>
public static class PrecisionDispatch
{
    public const string Help = "float32 (fast path), float64, half, or big:BITS (arbitrary precision, 8 to 1048576 mantissa bits, e.g. big:256)";

    public static TResult Run<TResult>(string precision, IPrecisionAction<TResult> action)
    {
        switch (precision)
        {
            case "float32": return action.Run<float>();
            case "float64": return action.Run<double>();
            case "half": return action.Run<Half>();
        }
        if (precision.StartsWith("big:", StringComparison.Ordinal) && int.TryParse(precision.AsSpan(4), out int bits) && bits is >= 8 and <= 1 << 20)
        {
            using var scope = BigFloat.UsePrecision(bits);
            return action.Run<BigFloat>();
        }
        throw new ArgumentException($"--precision \"{precision}\": use {Help}.");
    }

    public static void Validate(string precision)
    {
        if (precision is "float32" or "float64" or "half") return;
        if (precision.StartsWith("big:", StringComparison.Ordinal) && int.TryParse(precision.AsSpan(4), out int bits) && bits is >= 8 and <= 1 << 20) return;
        throw new ArgumentException($"--precision \"{precision}\": use {Help}.");
    }
}
