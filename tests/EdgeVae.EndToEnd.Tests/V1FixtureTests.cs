using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Simulation;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// Model files of format version 1 (tests/Fixtures/v1: a Gaussian and a Bernoulli VAE, an int16-calibrated tanh AE,
/// a KL-sparse AE, a denoising AE with leaky ReLU, and the motor model the NativeAOT sample shipped with) with the scores the code
/// of their day gave on 240 fixed motor windows: float32 reconstruction error and −ELBO, and the int8 and int16
/// simulations' scores to the bit with a checksum of their output codes. Every later reader must load these files
/// and reproduce those numbers. The expected files were written once, before the format changed, with
/// <c>EDGEVAE_UPDATE_FIXTURES=1</c>; regenerating them would defeat their purpose.
/// </summary>
public class V1FixtureTests
{
    public static TheoryData<string> Fixtures => ["vae-gaussian", "vae-bernoulli", "ae-tanh-int16", "sparse-kl", "denoising-leaky", "motor"];

    private const int Windows = 240;

    internal static string FixturePath(string name) => Path.Combine(RepositoryRoot(), "tests", "Fixtures", "v1", name + ".evae");

    private static string ExpectedPath(string name) => Path.Combine(RepositoryRoot(), "tests", "Fixtures", "v1", "expected", name + ".csv");

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"EdgeVae.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>240 windows of every motor condition from recordings no fixture was trained on.</summary>
    internal static Dataset EvaluationWindows()
    {
        var xs = new List<float>();
        var ys = new List<int>();
        for (int s = 0; ys.Count < Windows; s++)
        {
            var (signal, truth) = MotorSignalGenerator.Record(7000UL + (ulong)s, 1000, (MotorFault)(s % 8));
            var (w, labels, _) = MotorSignalGenerator.Cut(signal, truth, 4, 64, 32);
            xs.AddRange(w);
            ys.AddRange(labels);
        }
        return new Dataset("motor/fixtures", xs.Take(Windows * 256).ToArray(), Windows, 256, ys.Take(Windows).ToArray(), DataLayout.TimeWindow, 4, 64);
    }

    /// <summary>One line per window: what the fixture's model gives in every precision.</summary>
    private static List<string> Measure(ModelDescription model, Dataset data)
    {
        var (f32, f32Elbo) = PrecisionScores.Compute(model, data, "float32");
        var int8 = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int8));
        var int16 = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int16));
        bool vae = model.Kind == ModelKind.Variational;
        var lines = new List<string> { "window,f32_mse,f32_neg_elbo,int8_mse_bits,int8_neg_elbo_bits,int8_codes,int16_mse_bits,int16_codes" };
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            float s8 = int8.Run(x);
            long c8 = Checksum(int8.LatentCodes, int8.OutputCodes);
            string e8 = vae ? Bits(int8.NegativeElbo(x)) : "";
            float s16 = int16.Run(x);
            long c16 = Checksum(int16.LatentCodes, int16.OutputCodes);
            lines.Add(string.Join(',', i.ToString(CultureInfo.InvariantCulture), f32[i].ToString("R", CultureInfo.InvariantCulture),
                f32Elbo is null ? "" : f32Elbo[i].ToString("R", CultureInfo.InvariantCulture), Bits(s8), e8,
                c8.ToString(CultureInfo.InvariantCulture), Bits(s16), c16.ToString(CultureInfo.InvariantCulture)));
        }
        return lines;
    }

    private static string Bits(float v) => BitConverter.SingleToInt32Bits(v).ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>A position-weighted sum of the latent and output codes: any changed code changes it.</summary>
    private static long Checksum(ReadOnlySpan<int> latent, ReadOnlySpan<int> output)
    {
        long h = 17;
        foreach (int c in latent) h = unchecked(h * 1_000_003 + c);
        foreach (int c in output) h = unchecked(h * 1_000_003 + c);
        return h;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Version_1_files_load_and_give_the_scores_of_their_day(string name)
    {
        var model = ModelImporter.Load(FixturePath(name));
        var actual = Measure(model, EvaluationWindows());
        if (Environment.GetEnvironmentVariable("EDGEVAE_UPDATE_FIXTURES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(ExpectedPath(name))!);
            File.WriteAllText(ExpectedPath(name), string.Join('\n', actual) + "\n", new UTF8Encoding(false));
            return;
        }
        var expected = File.ReadAllLines(ExpectedPath(name));
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 1; i < expected.Length; i++)
        {
            string[] e = expected[i].Split(','), a = actual[i].Split(',');
            // float32 runs through the trainer's GEMM, whose blocking may change: 1e-6 relative. Integers: exact.
            AssertClose(e[1], a[1], $"{name} window {i - 1} float32 mse");
            if (e[2].Length > 0) AssertClose(e[2], a[2], $"{name} window {i - 1} float32 −ELBO");
            for (int k = 3; k < e.Length; k++)
                Assert.True(e[k] == a[k], $"{name} window {i - 1}, column {expected[0].Split(',')[k]}: expected {e[k]}, got {a[k]}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Generated_code_of_version_1_files_gives_the_same_scores(string name)
    {
        var model = ModelImporter.Load(FixturePath(name));
        var data = EvaluationWindows();
        var expected = File.ReadAllLines(ExpectedPath(name)).Skip(1).Select(l => l.Split(',')).ToArray();
        var int8 = new GeneratedModel(model, "Int8");
        var score8 = int8.Method<ScoreFn>("Score");
        var score16 = new GeneratedModel(model, "Int16").Method<ScoreFn>("Score");
        var elbo8 = model.Kind == ModelKind.Variational ? int8.Method<ScoreFn>("NegativeElbo") : null;
        for (int i = 0; i < data.Count; i++)
        {
            Assert.True(expected[i][3] == Bits(score8(data.Row(i))), $"{name} window {i}: generated int8 score");
            Assert.True(expected[i][6] == Bits(score16(data.Row(i))), $"{name} window {i}: generated int16 score");
            if (elbo8 is not null) Assert.True(expected[i][4] == Bits(elbo8(data.Row(i))), $"{name} window {i}: generated int8 −ELBO");
        }
    }

    private static void AssertClose(string expected, string actual, string what)
    {
        double e = double.Parse(expected, CultureInfo.InvariantCulture), a = double.Parse(actual, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(e - a) <= 1e-6 * Math.Max(1e-3, Math.Abs(e)), $"{what}: expected {e:R}, got {a:R}");
    }
}
