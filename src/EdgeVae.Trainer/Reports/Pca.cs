namespace EdgeVae.Trainer.Reports;

/// <summary>The first two principal components of a point cloud (power iteration with deflation), for latent scatter plots.</summary>
public static class Pca
{
    public static (double[] X, double[] Y) Project2D(double[][] points)
    {
        int n = points.Length, d = points[0].Length;
        if (d == 1) return (points.Select(p => p[0]).ToArray(), new double[n]);
        if (d == 2) return (points.Select(p => p[0]).ToArray(), points.Select(p => p[1]).ToArray());
        var mean = new double[d];
        foreach (var p in points) for (int j = 0; j < d; j++) mean[j] += p[j] / n;
        var cov = new double[d, d];
        foreach (var p in points)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) cov[a, b] += (p[a] - mean[a]) * (p[b] - mean[b]) / n;
        var first = Leading(cov, d);
        double lambda = Rayleigh(cov, first, d);
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a, b] -= lambda * first[a] * first[b];
        var second = Leading(cov, d);
        double Dot(double[] p, double[] v) { double s = 0; for (int j = 0; j < d; j++) s += (p[j] - mean[j]) * v[j]; return s; }
        return (points.Select(p => Dot(p, first)).ToArray(), points.Select(p => Dot(p, second)).ToArray());
    }

    private static double[] Leading(double[,] m, int d)
    {
        var v = Enumerable.Range(0, d).Select(i => 1.0 + 0.01 * i).ToArray();
        for (int iter = 0; iter < 500; iter++)
        {
            var w = new double[d];
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) w[a] += m[a, b] * v[b];
            double norm = Math.Sqrt(w.Sum(x => x * x));
            if (norm == 0) return v;
            for (int a = 0; a < d; a++) w[a] /= norm;
            v = w;
        }
        return v;
    }

    private static double Rayleigh(double[,] m, double[] v, int d)
    {
        double s = 0;
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) s += v[a] * m[a, b] * v[b];
        return s;
    }
}
