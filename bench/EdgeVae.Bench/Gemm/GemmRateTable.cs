using System.Diagnostics;
using System.Globalization;
using EdgeVae.Numerics.LinearAlgebra;

namespace EdgeVae.Bench.Gemm;

/// <summary>
/// Measures GEMM throughput (GFLOP/s = 2·m·n·k / seconds) for one shape: warm up, then the best of
/// several timed repetitions of enough calls to last ~0.2 s, the usual way BLAS rates are quoted.
/// </summary>
internal static class GemmRateTable
{
    public sealed record Shape(string Name, int M, int N, int K, Transpose TransA, Transpose TransB);

    public static IReadOnlyList<Shape> Shapes { get; } = BuildShapes();

    private static List<Shape> BuildShapes()
    {
        var shapes = new List<Shape>();
        foreach (int s in new[] { 64, 128, 256, 512, 1024 }) shapes.Add(new($"{s}³", s, s, s, Transpose.None, Transpose.None));
        // The 784-400-20 autoencoder's products at batch 128: forward X·Wᵀ, the weight gradient dYᵀ·X, the input gradient dY·W.
        shapes.Add(new("128×784×400 (X·Wᵀ)", 128, 400, 784, Transpose.None, Transpose.Transpose));
        shapes.Add(new("128×400×784 (X·Wᵀ)", 128, 784, 400, Transpose.None, Transpose.Transpose));
        shapes.Add(new("128×400×40 (X·Wᵀ)", 128, 40, 400, Transpose.None, Transpose.Transpose));
        shapes.Add(new("400×784×128 (dYᵀ·X)", 400, 784, 128, Transpose.Transpose, Transpose.None));
        shapes.Add(new("128×784×400 (dY·W)", 128, 784, 400, Transpose.None, Transpose.None));
        return shapes;
    }

    public static double Measure<T>(Shape shape, int threads) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        var a = Fill<T>(shape.M * shape.K, 1);
        var b = Fill<T>(shape.K * shape.N, 2);
        var c = new T[shape.M * shape.N];
        int lda = shape.TransA == Transpose.None ? shape.K : shape.M;
        int ldb = shape.TransB == Transpose.None ? shape.N : shape.K;
        void Once() => EdgeVae.Numerics.LinearAlgebra.Gemm.Multiply(shape.TransA, shape.TransB, shape.M, shape.N, shape.K,
            T.One, a, lda, b, ldb, T.Zero, c, shape.N, threads);

        double flops = 2.0 * shape.M * shape.N * shape.K;
        var sw = Stopwatch.StartNew();
        int calls = 0;
        while (sw.Elapsed.TotalSeconds < 0.3) { Once(); calls++; }
        int perRep = Math.Max(1, (int)(calls * 0.2 / sw.Elapsed.TotalSeconds));
        double best = double.MaxValue;
        for (int rep = 0; rep < 5; rep++)
        {
            sw.Restart();
            for (int i = 0; i < perRep; i++) Once();
            best = Math.Min(best, sw.Elapsed.TotalSeconds / perRep);
        }
        return flops / best / 1e9;
    }

    private static T[] Fill<T>(int length, int seed) where T : System.Numerics.INumberBase<T>
    {
        var random = new Random(seed);
        var data = new T[length];
        for (int i = 0; i < data.Length; i++) data[i] = T.CreateChecked(random.NextDouble() - 0.5);
        return data;
    }

    /// <summary>Prints one JSON line per (shape, type, threads) for the bench script to join with numpy's.</summary>
    public static void Run(TextWriter output, IReadOnlyList<int> threadCounts)
    {
        foreach (Shape shape in Shapes)
        {
            foreach (int threads in threadCounts)
            {
                double f32 = Measure<float>(shape, threads);
                double f64 = Measure<double>(shape, threads);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"shape\":\"{shape.Name}\",\"threads\":{threads},\"float32\":{f32:F2},\"float64\":{f64:F2}}}"));
                output.Flush();
            }
        }
    }
}
