using System.Globalization;
using System.Reflection;
using System.Text;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Model;
using EdgeVae.EndToEnd.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// Emitted nanoFramework code on nanoFramework's real interpreter: compiled against the real mscorlib 1.17, made
/// into a .pe by the metadata processor, run by nanoCLR. Every window's score bits and output and latent codes equal
/// the same code's on desktop .NET (which <see cref="BitExactTests"/> holds to the trainer's integer simulation).
/// </summary>
public class NanoClrTests
{
    /// <summary>10 windows, each as it is and perturbed 29 times (300 in all); front-end models 100 times (1,000).</summary>
    private const int Bases = 10, Perturbations = 30, FrontEndPerturbations = 100;

    /// <summary>
    /// A probe over <see cref="Bases"/> real windows, each also perturbed <see cref="Perturbations"/> − 1 times by
    /// xorshift32 noise computed the same way on both runtimes; one line per window: score bits, output and latent hashes.
    /// </summary>
    private static string Probe(ModelDescription model, float[][] windows, EmitPrecision precision, int perturbations)
    {
        int n = model.InputSize, f = model.FeatureSize, codes = model.EncoderOutputSize;
        string act = precision == EmitPrecision.Int16 ? "short" : "sbyte";
        bool elbo = model.Kind == ModelKind.Variational && precision == EmitPrecision.Int8;
        var run = new StringBuilder();
        run.AppendLine($"float[] x = new float[{n}]; float[] normalized = new float[{f}]; {act}[] code = new {act}[{codes}]; {act}[] output = new {act}[{f}]; {act}[] pre = new {act}[{f}];");
        run.AppendLine("uint state = 2463534242u;");
        run.AppendLine($"for (int b = 0; b < Windows.Length; b++) for (int p = 0; p < {perturbations}; p++) {{");
        run.AppendLine(EdgeVae.NanoFramework.Tests.Probe.PerturbStatement(n, 0.2f));
        run.AppendLine("float score = NanoModel.Infer(x, normalized, code, output, pre);");
        run.AppendLine("int ho = 17, hc = 17; for (int i = 0; i < output.Length; i++) ho = ho * 31 + output[i]; for (int i = 0; i < code.Length; i++) hc = hc * 31 + code[i];");
        run.AppendLine("Out(\"W \" + (b * " + perturbations + " + p) + \" \" + Hex(score) + \" \" + ho + \" \" + hc" + (elbo ? " + \" \" + Hex(NanoModel.NegativeElbo(x))" : "") + ");");
        run.AppendLine("}");
        // A window holding a NaN: its input code must be the contract's (NaN rounds to 0) on both runtimes, although
        // nanoCLR's comparisons with NaN differ; NaN's bit pattern may differ, so the score prints as NaN or not.
        run.AppendLine("for (int i = 0; i < x.Length; i++) x[i] = Windows[0][i]; x[5] = float.NaN;");
        run.AppendLine("float nanScore = NanoModel.Infer(x, normalized, code, output, pre);");
        run.AppendLine("int no = 17, nc = 17; for (int i = 0; i < output.Length; i++) no = no * 31 + output[i]; for (int i = 0; i < code.Length; i++) nc = nc * 31 + code[i];");
        run.AppendLine("Out(\"W nan \" + double.IsNaN(nanScore) + \" \" + no + \" \" + nc);");
        return EdgeVae.NanoFramework.Tests.Probe.Source(windows, run.ToString());
    }

    private static void AssertSameOnNanoClr(ModelDescription model, EmitPrecision precision = EmitPrecision.Int8)
    {
        var data = TrainedModels.MotorWindows(400);
        var windows = Enumerable.Range(0, Bases).Select(i => data.Row(i * 37).ToArray()).ToArray();
        int perturbations = model.FrontEnd != null ? FrontEndPerturbations : Perturbations;
        string[] sources = [NanoModels.Emit(model, precision), Probe(model, windows, precision, perturbations)];
        var expected = EdgeVae.NanoFramework.Tests.Probe.OnDesktop(sources);
        var actual = NanoClr.Run(sources).Where(l => l.StartsWith("W ", StringComparison.Ordinal)).ToList(); // after nanoCLR's banner
        Assert.Equal(Bases * perturbations + 1, expected.Count);
        Assert.StartsWith("W nan True ", expected[^1]);
        Assert.Equal(expected, actual);
    }

    [NanoClrFact]
    public void Motor_int8_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(NanoModels.Small);

    [NanoClrFact]
    public void Log_mel_front_end_int8_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.LogMel);

    [NanoClrFact]
    public void Band_energy_front_end_int8_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.Bands);

    [NanoClrFact]
    public void Band_energies_and_frame_statistics_int8_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.BandsStats);

    [NanoClrFact]
    public void A_front_end_that_differs_per_channel_int8_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.Branched);

    [NanoClrFact]
    public void A_front_end_that_differs_per_channel_int16_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.Branched, EmitPrecision.Int16);

    [NanoClrFact]
    public void Motor_int16_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(NanoModels.Mid, EmitPrecision.Int16);

    [NanoClrFact]
    public void Conv_int16_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.ConvVae, EmitPrecision.Int16);

    [NanoClrFact]
    public void Log_mel_front_end_int16_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.LogMel, EmitPrecision.Int16);

    [NanoClrFact]
    public void Band_energies_and_frame_statistics_int16_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.BandsStats, EmitPrecision.Int16);

    [NanoClrFact]
    public void The_streaming_score_on_nanoCLR_equals_desktop_window_by_window() => AssertStreamingSameOnNanoClr(TrainedModels.BandsStats, 16, 2);

    [NanoClrFact]
    public void The_streaming_score_of_branches_per_channel_on_nanoCLR_equals_desktop_window_by_window() => AssertStreamingSameOnNanoClr(TrainedModels.Branched, 32, 1 + 3);

    /// <summary>Windows of a stream moving by <paramref name="hop"/>, with <paramref name="reused"/> frames carried over from the second one on.</summary>
    private static void AssertStreamingSameOnNanoClr(ModelDescription model, int hop, int reused)
    {
        var (signal, _) = EdgeVae.Trainer.Data.MotorSignalGenerator.Record(31, 2400, EdgeVae.Trainer.Data.MotorFault.Bearing, faultStart: 600);
        var windows = Enumerable.Range(0, 40).Select(k => signal.AsSpan(k * hop * 4, model.InputSize).ToArray()).ToArray();
        // Windows in stream order (frames reused), then one out of order (computed whole).
        string run = "for (int b = 0; b < Windows.Length; b++) { float s = NanoModel.StreamingScore(Windows[b], " + hop + ", null); Out(\"W \" + b + \" \" + Hex(s) + \" \" + NanoModel.LastReusedFrames); }\n"
            + "float j = NanoModel.StreamingScore(Windows[3], " + hop + ", null); Out(\"W jump \" + Hex(j) + \" \" + NanoModel.LastReusedFrames + \" \" + Hex(NanoModel.Score(Windows[3])));";
        string[] sources = [NanoModels.Emit(model), EdgeVae.NanoFramework.Tests.Probe.Source(windows, run)];
        var expected = EdgeVae.NanoFramework.Tests.Probe.OnDesktop(sources);
        var actual = NanoClr.Run(sources).Where(l => l.StartsWith("W ", StringComparison.Ordinal)).ToList();
        Assert.Equal(41, expected.Count);
        Assert.EndsWith(" " + reused, expected[5]); // frames reused from the second window on
        var jump = expected[^1].Split(' ');
        Assert.Equal("0", jump[3]);
        Assert.Equal(jump[2], jump[4]); // the out-of-order window scores as Score does
        Assert.Equal(expected, actual);
    }

    [NanoClrFact]
    public void Conv1d_int8_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.Conv);

    [NanoClrFact]
    public void Conv1d_vae_int8_code_on_nanoCLR_equals_desktop_on_300_windows_including_neg_elbo() => AssertSameOnNanoClr(TrainedModels.ConvVae);

    [NanoClrFact]
    public void Standardized_score_int8_code_on_nanoCLR_equals_desktop_on_300_windows() => AssertSameOnNanoClr(TrainedModels.Standardized(NanoModels.Small));

    [NanoClrFact]
    public void A_front_end_models_self_test_passes_on_nanoCLR()
    {
        var model = TrainedModels.BandsStats;
        string source = FrontEndSelfTestTests.Emit(model, FrontEndSelfTestTests.Codes(model, 8));
        const string Program = """
            namespace Device
            {
                public static class Program
                {
                    public static void Main()
                    {
                        System.Diagnostics.Debug.WriteLine("self test " + NanoModel.SelfTest() + " of " + NanoModel.SelfTestCount);
                        System.Diagnostics.Debug.WriteLine("END");
                    }
                }
            }
            """;
        Assert.Contains("self test True of 8", NanoClr.Run(source, Program));
    }

    /// <summary>The committed sample model's boot self-test, and the non-finite rules, on the interpreter.</summary>
    [NanoClrFact]
    public void The_sample_model_passes_its_self_test_and_a_nan_window_is_an_anomaly_on_nanoCLR()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        string model = File.ReadAllText(Path.Combine(dir!.FullName, "firmware-samples", "NanoFrameworkMonitor", "MotorModel.cs"));
        const string Program = """
            namespace NanoFrameworkMonitor
            {
                public static class Program
                {
                    public static void Main()
                    {
                        float nan = float.NaN;
                        System.Diagnostics.Debug.WriteLine("NaN > 1: " + (nan > 1f) + ", NaN >= 1: " + (nan >= 1f));
                        System.Diagnostics.Debug.WriteLine("self test " + MotorModel.SelfTest());
                        float[] w = new float[MotorModel.InputLength];
                        for (int i = 0; i < w.Length; i++) w[i] = 0.01f * (i % 5);
                        System.Diagnostics.Debug.WriteLine("clean anomaly " + MotorModel.IsAnomaly(w));
                        w[37] = float.NaN;
                        System.Diagnostics.Debug.WriteLine("nan score is NaN " + double.IsNaN(MotorModel.Score(w)) + ", anomaly " + MotorModel.IsAnomaly(w));
                        w[37] = float.PositiveInfinity;
                        System.Diagnostics.Debug.WriteLine("infinite score is finite " + !(double.IsNaN(MotorModel.Score(w)) || double.IsInfinity(MotorModel.Score(w))) + ", anomaly " + MotorModel.IsAnomaly(w));
                        System.Diagnostics.Debug.WriteLine("END");
                    }
                }
            }
            """;
        var lines = NanoClr.Run(model, Program);
        Assert.Contains("NaN > 1: True, NaN >= 1: True", lines); // the interpreter's comparison rules, which the emitted code does not rely on
        Assert.Contains("self test True", lines);
        Assert.Contains("clean anomaly False", lines);
        Assert.Contains("nan score is NaN True, anomaly True", lines);
        Assert.Contains("infinite score is finite False, anomaly True", lines);
    }
}
