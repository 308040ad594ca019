using System.Globalization;
using System.Reflection;
using System.Text;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.EndToEnd.Tests;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ActivationFunction = EdgeVae.Contract.ActivationFunction;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// The float32 nanoFramework flavor needs nothing beyond mscorlib: its exp, tanh, sigmoid and softplus are written out in
/// float. They are held to System.Math in ulp, and the emitted models to the trainer's float32 network on desktop and to
/// their own desktop bits on nanoCLR.
/// </summary>
public class FloatFlavorTests
{
    /// <summary>Small enough for nanoFramework's 64 KB of initializer data in float32 (256-16-4: 33 KB).</summary>
    private static readonly Lazy<ModelDescription> TanhModel = new(() => TrainedModels.Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Autoencoder, Hidden = [16], Latent = 4, Activation = ActivationFunction.Tanh }, NormalizationMethod.ZScore, epochs: 2, seed: 7, "float32"));

    private static readonly Lazy<ModelDescription> SoftplusVae = new(() => TrainedModels.Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Variational, Hidden = [16], Latent = 4, Activation = ActivationFunction.Softplus }, NormalizationMethod.ZScore, epochs: 2, seed: 7, "float32"));

    private static readonly Lazy<ModelDescription> SigmoidVae = new(() => TrainedModels.Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Variational, Hidden = [16], Latent = 4, Activation = ActivationFunction.Sigmoid, Reconstruction = ReconstructionKind.Bernoulli },
        NormalizationMethod.MinMax, epochs: 2, seed: 7, "float32"));

    public static TheoryData<string> Models => new() { "tanh", "softplus", "sigmoid" };

    private static ModelDescription Model(string which) => which switch
    {
        "tanh" => TanhModel.Value,
        "softplus" => SoftplusVae.Value,
        _ => SigmoidVae.Value,
    };

    private static string Emit(ModelDescription model) => NanoModels.Emit(model, EmitPrecision.Float32);

    [Fact]
    public void The_float32_flavor_calls_no_System_Math()
    {
        foreach (var which in new[] { "tanh", "softplus", "sigmoid" })
        {
            string source = Emit(Model(which));
            Assert.DoesNotContain("Math.", source);
            // The real mscorlib alone (no System.Math reference at all) compiles it.
            var compilation = CSharpCompilation.Create("Alone", [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp7_3))],
                [MetadataReference.CreateFromFile(Path.Combine(NanoClr.CoreLibrary, "mscorlib.dll"))],
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var ms = new MemoryStream();
            var result = compilation.Emit(ms);
            Assert.True(result.Success, which + ": " + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
    }

    /// <summary>The written-out functions against System.Math (double, rounded to float) over a sweep and the edges; results below float's normal range are flushed to zero.</summary>
    [Fact]
    public void Exp_tanh_sigmoid_and_softplus_are_within_four_ulp_of_System_Math()
    {
        var type = Desktop(Emit(TanhModel.Value) , Emit(SoftplusVae.Value).Replace("class NanoModel", "class SoftplusModel"),
            Emit(SigmoidVae.Value).Replace("class NanoModel", "class SigmoidModel"));
        var exp = Function(type[0], "Exp");
        var tanh = Function(type[0], "Tanh");
        var softplus = Function(type[1], "Softplus");
        var sigmoid = Function(type[2], "Sigmoid");
        var xs = new List<float> { 0f, -0f, 1e-30f, -1e-30f, 1e-7f, 0.3466f, -0.3466f, 0.3467f, 8.999f, 9f, 9.001f, 88.7f, -87.3f, 20f, -20f };
        for (int i = -40000; i <= 40000; i++) xs.Add(i * 0.0025f);
        double worstExp = 0, worstTanh = 0, worstSoftplus = 0, worstSigmoid = 0;
        foreach (float x in xs)
        {
            worstExp = Math.Max(worstExp, Ulps(exp(x), Math.Exp(x)));
            worstTanh = Math.Max(worstTanh, Ulps(tanh(x), Math.Tanh(x)));
            worstSoftplus = Math.Max(worstSoftplus, Ulps(softplus(x), Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs((double)x)))));
            worstSigmoid = Math.Max(worstSigmoid, Ulps(sigmoid(x), 1 / (1 + Math.Exp(-(double)x))));
        }
        Assert.True(worstExp <= 4, $"exp: {worstExp} ulp");
        Assert.True(worstTanh <= 4, $"tanh: {worstTanh} ulp");
        Assert.True(worstSoftplus <= 4, $"softplus: {worstSoftplus} ulp");
        Assert.True(worstSigmoid <= 4, $"sigmoid: {worstSigmoid} ulp");
        Assert.True(float.IsNaN(exp(float.NaN)) && float.IsNaN(tanh(float.NaN)) && float.IsNaN(softplus(float.NaN)) && float.IsNaN(sigmoid(float.NaN)));
        Assert.Equal(float.PositiveInfinity, exp(100f));
        Assert.Equal(0f, exp(-100f));
        Assert.Equal(1f, tanh(50f));
        Assert.Equal(-1f, tanh(-50f));
    }

    /// <summary>On desktop .NET, the emitted float32 model's scores are the trainer's float32 network's to 1e-5 relative.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void Emitted_float32_scores_match_the_trainer_float32_network(string which)
    {
        var model = Model(which);
        var data = TrainedModels.MotorWindows(200);
        var expected = PrecisionScores.Compute(model, data, "float32").Mse;
        var type = Desktop(Emit(model))[0];
        var score = type.GetMethod("Score", [typeof(float[])])!;
        for (int i = 0; i < data.Count; i++)
        {
            float actual = (float)score.Invoke(null, [data.Row(i).ToArray()])!;
            Assert.True(Math.Abs(actual - expected[i]) <= 1e-5 * Math.Abs(expected[i]) + 1e-7, $"{which} window {i}: {actual} against {expected[i]}");
        }
    }

    /// <summary>On nanoCLR, every window's score, output and latent code bits equal the same code's on desktop .NET.</summary>
    [NanoClrTheory]
    [MemberData(nameof(Models))]
    public void Emitted_float32_code_on_nanoCLR_equals_desktop_bit_for_bit(string which)
    {
        var model = Model(which);
        var data = TrainedModels.MotorWindows(400);
        var windows = Enumerable.Range(0, 10).Select(i => data.Row(i * 37).ToArray()).ToArray();
        string[] sources = [Emit(model), Probe(model, windows)];
        var expected = EdgeVae.NanoFramework.Tests.Probe.OnDesktop(sources);
        var actual = NanoClr.Run(sources).Where(l => l.StartsWith("W ", StringComparison.Ordinal)).ToList();
        Assert.Equal(windows.Length * Perturbations, expected.Count);
        Assert.Equal(expected, actual);
    }

    private const int Perturbations = 20;

    /// <summary>Each window as it is and perturbed <see cref="Perturbations"/> − 1 times by xorshift32 noise computed the same way on both runtimes (the initializer data of many windows would not fit the interpreter).</summary>
    private static string Probe(ModelDescription model, float[][] windows)
    {
        int n = model.InputSize, codes = model.EncoderOutputSize;
        var run = new StringBuilder();
        run.AppendLine($"float[] x = new float[{n}]; float[] normalized = new float[{n}]; float[] code = new float[{codes}]; float[] output = new float[{n}]; float[] pre = new float[{n}];");
        run.AppendLine("uint state = 2463534242u;");
        run.AppendLine($"for (int b = 0; b < Windows.Length; b++) for (int p = 0; p < {Perturbations}; p++) {{");
        run.AppendLine(EdgeVae.NanoFramework.Tests.Probe.PerturbStatement(n, 0.4f));
        run.AppendLine("float score = NanoModel.Infer(x, normalized, code, output, pre);");
        run.AppendLine("int ho = 17, hc = 17; for (int i = 0; i < output.Length; i++) ho = ho * 31 + Bits(output[i]); for (int i = 0; i < code.Length; i++) hc = hc * 31 + Bits(code[i]);");
        run.AppendLine($"Out(\"W \" + (b * {Perturbations} + p) + \" \" + Bits(score) + \" \" + ho + \" \" + hc);");
        run.AppendLine("}");
        return EdgeVae.NanoFramework.Tests.Probe.Source(windows, run.ToString());
    }

    /// <summary>Compiles the sources for desktop .NET; returns each source's first public type, in order.</summary>
    private static Type[] Desktop(params string[] sources)
    {
        var assembly = EdgeVae.NanoFramework.Tests.Probe.Compile(sources);
        return sources.Select(s => assembly.GetType("Device." + FirstClass(s))!).ToArray();
    }

    private static string FirstClass(string source)
    {
        int at = source.IndexOf(" class ", StringComparison.Ordinal) + 7;
        return source[at..source.IndexOfAny([' ', '\n', '\r', '{'], at)];
    }

    private static Func<float, float> Function(Type type, string name)
    {
        var method = type.GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static, [typeof(float)]) ?? throw new InvalidOperationException(name + " was not emitted");
        return x => (float)method.Invoke(null, [x])!;
    }

    /// <summary>ln(1 + y) in double without losing a small y (.NET's double.LogP1 is Log(1 + y)).</summary>
    private static double Log1p(double y) => y < 1e-4 ? y - y * y / 2 + y * y * y / 3 : Math.Log(1 + y);

    /// <summary>Distance in units in the last place of float between the computed value and the exact one rounded to float.</summary>
    private static double Ulps(float actual, double exact)
    {
        float target = (float)exact;
        if (actual == target) return 0;
        // Below float's normal range the functions flush to zero (documented); there the error is absolute.
        if (Math.Abs(exact) < 1.1754944e-38 && Math.Abs(actual) < 1.1754944e-38) return 0;
        if (float.IsInfinity(target) || float.IsInfinity(actual)) return double.PositiveInfinity;
        return Math.Abs((double)BitConverter.SingleToInt32Bits(actual) - BitConverter.SingleToInt32Bits(target));
    }
}
