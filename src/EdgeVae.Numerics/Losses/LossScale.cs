using System.Numerics;

namespace EdgeVae.Numerics.Losses;

internal static class LossScale
{
    /// <summary>The factor that turns a sum over all elements into the requested reduction.</summary>
    public static T Of<T>(Reduction reduction, int rows, int cols) where T : INumberBase<T> => reduction switch
    {
        Reduction.Sum => T.One,
        Reduction.Mean => T.One / T.CreateChecked(Math.Max(1, rows * cols)),
        Reduction.BatchMean => T.One / T.CreateChecked(Math.Max(1, rows)),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction."),
    };

    public static void CheckSameShape<T>(Tensors.Tensor<T> a, Tensors.Tensor<T> b, string loss) where T : INumberBase<T>
    {
        if (a.Rows != b.Rows || a.Cols != b.Cols)
            throw new ArgumentException($"{loss}: prediction is [{a.Rows}, {a.Cols}] but target is [{b.Rows}, {b.Cols}].");
    }
}
