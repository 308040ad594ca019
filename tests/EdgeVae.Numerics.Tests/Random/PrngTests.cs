using EdgeVae.Numerics.Random;

namespace EdgeVae.Numerics.Tests.Random;

public class PrngTests
{
    [Fact]
    public void Same_seed_gives_the_same_stream_and_different_seeds_differ()
    {
        var a = new Prng(123);
        var b = new Prng(123);
        var c = new Prng(124);
        var sa = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(sa, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(sa, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()).ToArray());
    }

    [Fact]
    public void Uniform_and_gaussian_have_the_right_moments()
    {
        var r = new Prng(1);
        const int n = 200_000;
        double sum = 0, sumSq = 0, gSum = 0, gSq = 0, gQuad = 0;
        for (int i = 0; i < n; i++)
        {
            double u = r.NextDouble();
            Assert.InRange(u, 0.0, 1.0 - double.Epsilon);
            sum += u;
            sumSq += u * u;
            double g = r.NextGaussian();
            gSum += g;
            gSq += g * g;
            gQuad += g * g * g * g;
        }
        // Standard errors at n = 2·10⁵ are ≈ 6.5e-4 (uniform mean) and 2.2e-3 (normal mean); bounds are ~5σ.
        Assert.InRange(sum / n, 0.4968, 0.5032);
        Assert.InRange(sumSq / n - Math.Pow(sum / n, 2), 1 / 12.0 - 0.002, 1 / 12.0 + 0.002);
        Assert.InRange(gSum / n, -0.011, 0.011);
        Assert.InRange(gSq / n, 0.985, 1.015);
        Assert.InRange(gQuad / n, 2.9, 3.1);
    }

    [Fact]
    public void Integers_are_unbiased_and_in_range()
    {
        var r = new Prng(2);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[r.NextInt(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.NextInt(0));
    }
}
