using System.Numerics;
using EdgeVae.Numerics.Random;

namespace EdgeVae.Numerics.Nn;

/// <summary>Draws a layer's weights (and, for PyTorch's default, its bias) by <see cref="Init"/> from its fan-in and fan-out.</summary>
internal static class InitFill
{
    public static void Apply<T>(Init init, Prng random, Span<T> weight, Span<T> bias, double fanIn, double fanOut) where T : INumberBase<T>
    {
        switch (init)
        {
            case Init.XavierUniform:
                double a = Math.Sqrt(6.0 / (fanIn + fanOut));
                random.FillUniform(weight, -a, a);
                break;
            case Init.XavierNormal:
                random.FillGaussian(weight, 0, Math.Sqrt(2.0 / (fanIn + fanOut)));
                break;
            case Init.HeUniform:
                double h = Math.Sqrt(6.0 / fanIn);
                random.FillUniform(weight, -h, h);
                break;
            case Init.HeNormal:
                random.FillGaussian(weight, 0, Math.Sqrt(2.0 / fanIn));
                break;
            case Init.PyTorchDefault:
                double bound = 1.0 / Math.Sqrt(fanIn);
                random.FillUniform(weight, -bound, bound);
                random.FillUniform(bias, -bound, bound);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(init), init, "Unknown initialisation.");
        }
    }
}
