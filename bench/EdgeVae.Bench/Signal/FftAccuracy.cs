using EdgeVae.Contract;
using EdgeVae.Numerics.Precision;
using EdgeVae.Numerics.Signal;

namespace EdgeVae.Bench.Signal;

/// <summary>
/// `fft-accuracy`: the front-end's transforms against the BigFloat oracle (120 bits) on Hann-windowed test frames (two
/// tones and noise at half of full scale, ten seeds): the fixed-point FFT's SQNR (block floating point), and the float32
/// and float64 transforms' norm-wise relative error, per power-of-two size. Prints a Markdown table.
/// </summary>
public static class FftAccuracy
{
    public static void Run(TextWriter output)
    {
        output.WriteLine("| points | fixed-point SQNR (dB) | float32 relative error | float64 relative error |");
        output.WriteLine("|---:|---:|---:|---:|");
        for (int n = 32; n <= 1024; n *= 2)
        {
            double sqnr = 0, f32 = 0, f64 = 0;
            const int seeds = 10;
            for (int seed = 0; seed < seeds; seed++)
            {
                var x = Frame(n, seed);
                BigFloat[] br = x.Select(v => BigFloat.FromDouble(v)).ToArray(), bi = Enumerable.Repeat(BigFloat.Zero, n).ToArray();
                using (BigFloat.UsePrecision(120)) Fft.Forward<BigFloat>(br, bi);
                double[] exact = br.Concat(bi).Select(v => v.ToDouble()).ToArray();
                int[] re = (int[])x.Clone(), im = new int[n];
                int e = FixedFft.Forward(re, im, TrigTables.CosineQ15(n), TrigTables.SineQ15(n));
                sqnr += 10 * Math.Log10(Energy(exact) / Noise(exact, re.Concat(im).Select(v => v * Math.Pow(2, e))));
                float[] fr = x.Select(v => (float)v).ToArray(), fi = new float[n];
                Fft.Forward<float>(fr, fi);
                f32 += Math.Sqrt(Noise(exact, fr.Concat(fi).Select(v => (double)v)) / Energy(exact));
                double[] dr = x.Select(v => (double)v).ToArray(), di = new double[n];
                Fft.Forward<double>(dr, di);
                f64 += Math.Sqrt(Noise(exact, dr.Concat(di)) / Energy(exact));
            }
            output.WriteLine($"| {n} | {sqnr / seeds:F1} | {f32 / seeds:0.0E+0} | {f64 / seeds:0.0E+0} |");
        }
    }

    private static double Energy(double[] v) => v.Sum(x => x * x);

    private static double Noise(double[] exact, IEnumerable<double> approx) => exact.Zip(approx, (e, a) => (e - a) * (e - a)).Sum();

    private static int[] Frame(int n, int seed)
    {
        var rng = new Random(seed);
        var hann = TrigTables.HannQ15(n);
        double f1 = 0.05 + 0.1 * rng.NextDouble(), f2 = 0.2 + 0.2 * rng.NextDouble();
        return Enumerable.Range(0, n).Select(t =>
        {
            double v = 0.3 * Math.Sin(2 * Math.PI * f1 * t) + 0.15 * Math.Sin(2 * Math.PI * f2 * t + 1) + 0.05 * (rng.NextDouble() - 0.5);
            return (int)Math.Round(v * 32768) * hann[t] >> 15;
        }).ToArray();
    }
}
