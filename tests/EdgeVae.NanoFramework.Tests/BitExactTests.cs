using System.Reflection;
using EdgeVae.EndToEnd.Tests;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Simulation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// The nanoFramework flavor is plain C#: compiled for desktop .NET it must give the same integers and scores as
/// the trainer's int8 simulation (and so as the .NET flavor, which the end-to-end tests hold to the same).
/// </summary>
public class BitExactTests
{
    private static Type Load(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp7_3));
        var compilation = CSharpCompilation.Create("NanoDesktop" + Guid.NewGuid().ToString("N"), [tree], Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(ms.ToArray()).GetType("Device.NanoModel")!;
    }

    private static void AssertIdentical(ModelDescription model, Dataset data)
    {
        var type = Load(NanoModels.Emit(model));
        var infer = type.GetMethod("Infer")!;
        var sim = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int8));
        // The network's side is the features (the raw window itself without a front-end).
        int n = model.FeatureSize;
        var frontEnd = model.FrontEnd is { } chain ? new Trainer.FrontEnd.FrontEndSimulation(chain) : null;
        var features = new float[n];
        var normalized = new float[n];
        var code = new sbyte[model.EncoderOutputSize];
        var output = new sbyte[n];
        var pre = new sbyte[n];
        bool vae = model.Kind == ModelKind.Variational;
        var negElbo = vae ? type.GetMethod("NegativeElbo")! : null;
        var standardization = model.ThresholdFor("int8")?.Standardization;
        for (int i = 0; i < data.Count; i++)
        {
            float[] x = data.Row(i).ToArray();
            float[] y = x;
            if (frontEnd is not null)
            {
                frontEnd.Features(x, features);
                y = features;
            }
            float expected = standardization is null ? sim.Run(y) : sim.StandardizedScore(y, standardization);
            float actual = (float)infer.Invoke(null, [x, normalized, code, output, pre])!;
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"sample {i}: simulator {expected:R}, nanoFramework flavor {actual:R}");
            for (int j = 0; j < n; j++) Assert.Equal(sim.OutputCodes[j], output[j]);
            for (int j = 0; j < code.Length; j++) Assert.Equal(sim.LatentCodes[j], code[j]);
            if (vae) Assert.Equal(BitConverter.SingleToInt32Bits(sim.NegativeElbo(y)), BitConverter.SingleToInt32Bits((float)negElbo!.Invoke(null, [x])!));
        }
    }

    [Theory]
    [InlineData("log-mel")]
    [InlineData("bands")]
    [InlineData("bands+stats")]
    [InlineData("stats")]
    public void Front_end_models_match_the_simulation_bit_for_bit_on_1000_windows(string which)
    {
        var model = which switch { "bands" => TrainedModels.Bands, "bands+stats" => TrainedModels.BandsStats, "stats" => TrainedModels.Stats, _ => TrainedModels.LogMel };
        AssertIdentical(model, TrainedModels.MotorWindows(1000));
    }

    [Fact]
    public void The_streaming_score_reuses_frames_and_equals_the_whole_windows_score_bit_for_bit()
    {
        var model = TrainedModels.BandsStats;
        var type = Load(NanoModels.Emit(model));
        var score = type.GetMethod("Score", [typeof(float[]), typeof(float[])])!;
        var streaming = type.GetMethod("StreamingScore")!;
        var reused = type.GetField("LastReusedFrames")!;
        var (signal, _) = Trainer.Data.MotorSignalGenerator.Record(31, 2500, Trainer.Data.MotorFault.Looseness, faultStart: 1200);
        int width = model.InputSize, hop = 16, count = 0;
        var expectedChannels = new float[4];
        var actualChannels = new float[4];
        for (int start = 0; (start + hop) * 4 <= signal.Length - width; start += hop, count++)
        {
            var x = signal.AsSpan(start * 4, width).ToArray();
            // Score between two streaming calls must not disturb the stream.
            float expected = (float)score.Invoke(null, [x, expectedChannels])!;
            float actual = (float)streaming.Invoke(null, [x, hop, actualChannels])!;
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"window at {start}: Score {expected:R}, StreamingScore {actual:R}");
            Assert.Equal(expectedChannels, actualChannels);
            Assert.Equal(count == 0 ? 0 : model.FrontEnd!.Frames - 1, (int)reused.GetValue(null)!);
        }
        Assert.True(count > 100, $"{count} windows");
        var nan = signal.AsSpan(16 * 4 * (count - 1) + 64, width).ToArray();
        nan[3] = float.NaN;
        Assert.True(float.IsNaN((float)streaming.Invoke(null, [nan, hop, null])!));
    }

    [Fact]
    public void Motor_models_match_the_simulation_bit_for_bit()
    {
        AssertIdentical(NanoModels.Small, TrainedModels.MotorWindows(3000));
        AssertIdentical(NanoModels.Mid, TrainedModels.MotorWindows(1000));
    }

    [Fact]
    public void Conv1d_models_match_the_simulation_bit_for_bit()
    {
        AssertIdentical(TrainedModels.Conv, TrainedModels.MotorWindows(2000));
        AssertIdentical(TrainedModels.ConvVae, TrainedModels.MotorWindows(2000));
    }

    [Fact]
    public void A_standardized_score_matches_the_simulation_bit_for_bit()
    {
        AssertIdentical(TrainedModels.Standardized(NanoModels.Small), TrainedModels.MotorWindows(2000));
        AssertIdentical(TrainedModels.Standardized(TrainedModels.Conv), TrainedModels.MotorWindows(1000));
    }

    [Fact]
    public void Fashion_size_vae_matches_the_simulation_bit_for_bit_including_neg_elbo()
    {
        var test = DataSources.Load("fashion-mnist", new DataOptions { TrainLimit = 2000, TestLimit = 500 }).Test;
        AssertIdentical(NanoModels.FashionSize, test);
    }
}
