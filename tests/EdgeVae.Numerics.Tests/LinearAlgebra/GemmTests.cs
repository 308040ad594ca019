using System.Numerics;
using EdgeVae.Numerics.LinearAlgebra;
using EdgeVae.Numerics.Precision;

namespace EdgeVae.Numerics.Tests.LinearAlgebra;

public class GemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 7, 13, 5 }, { 6, 16, 1 }, { 13, 7, 300 }, { 129, 257, 65 }, { 37, 3, 513 }, { 200, 130, 260 },
    };

    /// <summary>
    /// The naive product in double. It is exact here: inputs are multiples of 1/64 in [−½, ½], so every
    /// product is a multiple of 2⁻¹² and every partial sum (below 2⁸) fits in 53 bits; α = ¾ and β = −½ add
    /// two bits. So the reference is the exact mathematics, rounded once.
    /// </summary>
    private static double[] Reference(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, double[] b, double beta, double[] c)
    {
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int p = 0; p < k; p++)
            {
                double x = ta == Transpose.None ? a[i * k + p] : a[p * m + i];
                double y = tb == Transpose.None ? b[p * n + j] : b[j * k + p];
                sum += x * y;
            }
            result[i * n + j] = alpha * sum + beta * c[i * n + j];
        }
        return result;
    }

    private static double[] RandomArray(int length, System.Random r, double scale = 1)
    {
        var x = new double[length];
        for (int i = 0; i < length; i++) x[i] = Math.Round((r.NextDouble() - 0.5) * scale * 64) / 64; // exact in Half too
        return x;
    }

    private static void Check<T>(int m, int n, int k, double unitRoundoff, int threads = 0) where T : INumberBase<T>
    {
        var r = new System.Random(m * 1000 + n * 10 + k);
        foreach (Transpose ta in Enum.GetValues<Transpose>())
        foreach (Transpose tb in Enum.GetValues<Transpose>())
        {
            double[] a = RandomArray(m * k, r), b = RandomArray(k * n, r), c = RandomArray(m * n, r);
            (double alpha, double beta) = (0.75, ta == tb ? 0.0 : -0.5);
            double[] expected = Reference(ta, tb, m, n, k, alpha, a, b, beta, c);
            T[] typedA = Array.ConvertAll(a, T.CreateChecked), typedB = Array.ConvertAll(b, T.CreateChecked), tc = Array.ConvertAll(c, T.CreateChecked);
            if (beta == 0) Array.Fill(tc, T.CreateChecked(double.NaN)); // β = 0 must not read C
            Gemm.Multiply(ta, tb, m, n, k, T.CreateChecked(alpha), typedA, ta == Transpose.None ? k : m, typedB, tb == Transpose.None ? n : k,
                T.CreateChecked(beta), tc, n, threads);
            for (int i = 0; i < expected.Length; i++)
            {
                // Error bound of a k-term dot product: k·u·Σ|a||b| (inputs are in [-0.5, 0.5]), plus the final rounding.
                double bound = (k + 2) * unitRoundoff * (0.25 * k * Math.Abs(alpha) + 1) + 1e-300;
                double actual = double.CreateChecked(tc[i]);
                Assert.True(Math.Abs(actual - expected[i]) <= bound,
                    $"{typeof(T).Name} {ta}/{tb} {m}×{n}×{k}: C[{i}] = {actual}, expected {expected[i]} (bound {bound:G3})");
            }
        }
    }

    [Theory, MemberData(nameof(Shapes))]
    public void Float_matches_the_exact_product(int m, int n, int k) => Check<float>(m, n, k, Math.ScaleB(1, -24));

    [Theory, MemberData(nameof(Shapes))]
    public void Double_matches_the_exact_product(int m, int n, int k) => Check<double>(m, n, k, Math.ScaleB(1, -53));

    [Theory, MemberData(nameof(Shapes))]
    public void Half_matches_the_exact_product_with_float_accumulation(int m, int n, int k)
    {
        // Float accumulation, one rounding to Half at the end: the bound is Half's rounding of the result plus float's sum error.
        Check<Half>(m, n, k, Math.ScaleB(1, -11));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 13, 5)]
    [InlineData(20, 33, 17)]
    public void BigFloat_matches_the_exact_product(int m, int n, int k)
    {
        using var _ = BigFloat.UsePrecision(256);
        Check<BigFloat>(m, n, k, Math.ScaleB(1, -256));
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        var r = new System.Random(5);
        int m = 300, n = 270, k = 190;
        float[] a = Array.ConvertAll(RandomArray(m * k, r), x => (float)x), b = Array.ConvertAll(RandomArray(k * n, r), x => (float)x);
        float[] one = new float[m * n], two = new float[m * n];
        Gemm.Multiply(Transpose.None, Transpose.None, m, n, k, 1f, a, k, b, n, 0f, one, n, threads: 1);
        Gemm.Multiply(Transpose.None, Transpose.None, m, n, k, 1f, a, k, b, n, 0f, two, n, threads: 2);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Honours_leading_dimensions_larger_than_the_matrix()
    {
        // A 2×2 block inside 3-wide rows: the third column must be skipped in A, B and left untouched in C.
        float[] a = [1, 2, 99, 3, 4, 99];
        float[] b = [5, 6, 99, 7, 8, 99];
        float[] c = [0, 0, -1, 0, 0, -1];
        Gemm.Multiply(Transpose.None, Transpose.None, 2, 2, 2, 1f, a, 3, b, 3, 0f, c, 3);
        Assert.Equal([19f, 22f, -1f, 43f, 50f, -1f], c);
    }

    [Fact]
    public void Rejects_spans_too_short_for_the_shape()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.None, Transpose.None, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Contains("A needs 16 elements", error.Message);
        Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.None, Transpose.None, 4, 4, 4, 1.0, new double[16], 3, new double[16], 4, 0.0, new double[16], 4));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Does_not_allocate_after_the_first_call(int threads)
    {
        var r = new System.Random(9);
        int m = 256, n = 256, k = 256;
        float[] a = Array.ConvertAll(RandomArray(m * k, r), x => (float)x), b = Array.ConvertAll(RandomArray(k * n, r), x => (float)x), c = new float[m * n];
        double[] ad = RandomArray(m * k, r), bd = RandomArray(k * n, r), cd = new double[m * n];
        for (int warm = 0; warm < 3; warm++)
        {
            Gemm.Multiply(Transpose.None, Transpose.Transpose, m, n, k, 1f, a, k, b, k, 0f, c, n, threads);
            Gemm.Multiply(Transpose.Transpose, Transpose.None, m, n, k, 1.0, ad, m, bd, n, 1.0, cd, n, threads);
        }
        // The runtime itself can allocate once on the calling thread while it swaps in re-jitted code (tiered compilation,
        // likelier when other test assemblies load the machine), so up to three runs are measured; a GEMM that allocates
        // per call fails all three.
        var runs = new List<long>();
        for (int attempt = 0; attempt < 3 && (runs.Count == 0 || runs[^1] != 0); attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                Gemm.Multiply(Transpose.None, Transpose.Transpose, m, n, k, 1f, a, k, b, k, 0f, c, n, threads);
                Gemm.Multiply(Transpose.Transpose, Transpose.None, m, n, k, 1.0, ad, m, bd, n, 1.0, cd, n, threads);
            }
            runs.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(runs[^1] == 0, $"allocated {string.Join(", ", runs)} bytes in three runs of 20 products");
    }
}
