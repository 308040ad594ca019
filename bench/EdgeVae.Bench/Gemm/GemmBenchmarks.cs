using BenchmarkDotNet.Attributes;
using EdgeVae.Numerics.LinearAlgebra;

namespace EdgeVae.Bench.Gemm;

/// <summary>
/// BenchmarkDotNet view of the GEMM (time and allocation per call, with confidence intervals):
/// <c>dotnet run -c Release --project bench/EdgeVae.Bench -- --filter '*GemmBenchmarks*'</c>.
/// The side-by-side table with OpenBLAS is bench/gemm.sh.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private double[] _ad = [], _bd = [], _cd = [];

    [Params(128, 512)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        int n = Size * Size;
        _a = new float[n]; _b = new float[n]; _c = new float[n];
        _ad = new double[n]; _bd = new double[n]; _cd = new double[n];
        for (int i = 0; i < n; i++)
        {
            _a[i] = (float)(_ad[i] = random.NextDouble() - 0.5);
            _b[i] = (float)(_bd[i] = random.NextDouble() - 0.5);
        }
    }

    [Benchmark(Baseline = true)]
    public void Float32() => EdgeVae.Numerics.LinearAlgebra.Gemm.Multiply(Transpose.None, Transpose.None, Size, Size, Size, 1f, _a, Size, _b, Size, 0f, _c, Size, Threads);

    [Benchmark]
    public void Float64() => EdgeVae.Numerics.LinearAlgebra.Gemm.Multiply(Transpose.None, Transpose.None, Size, Size, Size, 1.0, _ad, Size, _bd, Size, 0.0, _cd, Size, Threads);
}
