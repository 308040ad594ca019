using EdgeVae.Contract;
using EdgeVae.Runtime.Kernels;

namespace EdgeVae.Runtime.Tests.Signal;

/// <summary>The front-end's samples: the vector paths give QuantParams.Quantize's codes, and report non-finite input.</summary>
public class SampleQuantizationTests
{
    [Fact]
    public void Samples_equal_the_contracts_rounding_and_clamp_at_every_length()
    {
        var rng = new Random(3);
        float[] special = [0f, -0f, 0.5f, -0.5f, 1.5f, -2.5f, 32767.49f, 32767.5f, -32767.5f, 40000f, -1e30f, 1e30f, 1073741824f, float.Epsilon, 0.49999997f];
        foreach (float scale in new[] { 1f, 1f / 32768f, 3.7e-5f, 0.0123f })
            for (int n = 0; n <= 70; n++)
            {
                var x = Enumerable.Range(0, n).Select(_ => rng.Next(3) == 0 ? special[rng.Next(special.Length)] * scale : (float)(rng.NextDouble() * 2.4 - 1.2)).ToArray();
                var q = new int[n];
                Assert.True(Quantize.Samples(x, scale, q));
                var p = new QuantParams(scale, 0);
                for (int i = 0; i < n; i++) Assert.Equal(p.Quantize(x[i], -32767, 32767), q[i]);
            }
    }

    [Fact]
    public void A_nan_or_infinity_anywhere_is_reported_and_coded_as_the_scalar_path_codes_it()
    {
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            for (int n = 1; n <= 40; n++)
                for (int at = 0; at < n; at += 3)
                {
                    var x = Enumerable.Range(0, n).Select(i => 0.01f * i).ToArray();
                    x[at] = bad;
                    var q = new int[n];
                    Assert.False(Quantize.Samples(x, 0.001f, q));
                    Assert.Equal(new QuantParams(0.001f, 0).Quantize(bad, -32767, 32767), q[at]);
                }
    }
}
