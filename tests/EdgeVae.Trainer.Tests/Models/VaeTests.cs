using EdgeVae.Numerics.InformationTheory;
using EdgeVae.Numerics.Random;

namespace EdgeVae.Trainer.Tests.Models;

public class VaeTests
{
    [Fact]
    public void Closed_form_KL_matches_a_Monte_Carlo_estimate()
    {
        // q = N(μ, σ²) per dimension; KL(q ‖ N(0, I)) = E_q[log q(z) − log p(z)], estimated with 400k samples.
        double[] mu = [0.5, -1.2, 0.0, 2.0], logVar = [-1.0, 0.3, 0.0, -2.5];
        double exact = Information.GaussianKlToStandardNormal<double>(mu, logVar);
        var rng = new Prng(11);
        const int samples = 400_000;
        double sum = 0, sumSq = 0;
        for (int s = 0; s < samples; s++)
        {
            double term = 0;
            for (int j = 0; j < mu.Length; j++)
            {
                double eps = rng.NextGaussian();
                double z = mu[j] + Math.Exp(0.5 * logVar[j]) * eps;
                term += -0.5 * eps * eps - 0.5 * logVar[j] + 0.5 * z * z; // log q − log p (the ½ln2π cancel)
            }
            sum += term;
            sumSq += term * term;
        }
        double mean = sum / samples, se = Math.Sqrt((sumSq / samples - mean * mean) / samples);
        Assert.True(Math.Abs(mean - exact) < 4 * se, $"MC {mean:G6} ± {se:G3} vs closed form {exact:G6}");
        Assert.Equal(0.5 * (0.25 + Math.Exp(-1) - 1 + 1 + 1.44 + Math.Exp(0.3) - 1 - 0.3 + 0 + 4 + Math.Exp(-2.5) - 1 + 2.5), exact, 12);
    }
}
