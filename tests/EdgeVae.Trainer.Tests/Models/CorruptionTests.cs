using EdgeVae.Numerics.Random;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.Tests.Models;

/// <summary>The denoising corruptions, with and without :clip, and the two PSNR definitions eval reports.</summary>
public class CorruptionTests
{
    [Fact]
    public void Clipped_gaussian_noise_stays_within_the_range_and_unclipped_noise_does_not()
    {
        var clean = Enumerable.Range(0, 10_000).Select(i => (float)(i % 101) / 100).ToArray();
        var noisy = new float[clean.Length];
        var plain = Corruption.Parse("gaussian:0.3");
        plain.Apply<float>(clean, noisy, new Prng(1));
        Assert.True(noisy.Min() < -0.3f && noisy.Max() > 1.3f);

        var clipped = Corruption.Parse("gaussian:0.3:clip");
        Assert.True(clipped.Clip);
        Assert.Equal("gaussian:0.3:clip", clipped.ToString());
        Assert.Equal(clipped, Corruption.Parse(clipped.ToString()));
        clipped.Apply<float>(clean, noisy, new Prng(1));
        Assert.Equal(0f, noisy.Min());
        Assert.Equal(1f, noisy.Max());
        // Same noise draws: where the unclipped value was inside [0, 1] the clipped one equals it.
        var reference = new float[clean.Length];
        plain.Apply<float>(clean, reference, new Prng(1));
        for (int i = 0; i < clean.Length; i++) Assert.Equal(Math.Clamp(reference[i], 0f, 1f), noisy[i]);

        var ranged = clipped with { Low = -1, High = 2 };
        ranged.Apply<float>(clean, noisy, new Prng(1));
        Assert.True(noisy.Min() >= -1 && noisy.Max() <= 2 && noisy.Min() < 0);
    }

    [Theory]
    [InlineData("gaussian:0.3:clp")]
    [InlineData("mask:0.3:clip:clip")]
    [InlineData("mask:1.5:clip")]
    public void A_misspelt_or_out_of_range_corruption_is_refused_with_the_syntax(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => Corruption.Parse(text));
        Assert.Contains(":clip", e.Message);
    }

    [Fact]
    public void The_mean_of_per_image_psnr_differs_from_the_psnr_of_the_mean_error()
    {
        // Two images, errors 0.01 and 0.0001: PSNR of the mean error 22.9 dB; mean of the PSNRs (20 + 40) / 2 = 30 dB.
        double[] mse = [0.01, 0.0001];
        Assert.Equal(10 * Math.Log10(1 / 0.00505), Metrics.Psnr(mse.Average(), 1), 10);
        Assert.Equal(30, Metrics.MeanPsnr(mse, 1), 10);
        Assert.Equal((20 + Metrics.PerfectPsnr) / 2, Metrics.MeanPsnr([0.01, 0], 1), 10);
    }
}
