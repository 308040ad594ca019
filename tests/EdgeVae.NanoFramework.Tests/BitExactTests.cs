using System.Reflection;
using EdgeVae.EndToEnd.Tests;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Graph;
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

    private static void AssertIdentical(ModelDescription model, Dataset data, EmitPrecision precision = EmitPrecision.Int8)
    {
        bool int16 = precision == EmitPrecision.Int16;
        var type = Load(NanoModels.Emit(model, precision));
        var infer = type.GetMethod("Infer")!;
        var sim = new IntegerSimulator(Quantizer.Quantize(model, int16 ? QuantizedPrecision.Int16 : QuantizedPrecision.Int8));
        // The network's side is the features (the raw window itself without a front-end).
        int n = model.FeatureSize;
        var frontEnd = model.FrontEnd is { } graph ? new Trainer.FrontEnd.BranchedFrontEnd<float>(graph, chain => new Trainer.FrontEnd.FrontEndSimulation(chain).Features) : null;
        var features = new float[n];
        var normalized = new float[n];
        Array code = int16 ? new short[model.EncoderOutputSize] : new sbyte[model.EncoderOutputSize];
        Array output = int16 ? new short[n] : new sbyte[n];
        Array pre = int16 ? new short[n] : new sbyte[n];
        // −ELBO is computed on int8 codes only.
        bool vae = model.Kind == ModelKind.Variational && !int16;
        var negElbo = vae ? type.GetMethod("NegativeElbo")! : null;
        var standardization = model.ThresholdFor(int16 ? "int16" : "int8")?.Standardization;
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
            for (int j = 0; j < n; j++) Assert.Equal(sim.OutputCodes[j], Convert.ToInt32(output.GetValue(j)));
            for (int j = 0; j < code.Length; j++) Assert.Equal(sim.LatentCodes[j], Convert.ToInt32(code.GetValue(j)));
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

    [Theory]
    [InlineData("log-mel")]
    [InlineData("bands+stats")]
    [InlineData("branched")]
    public void Int16_front_end_models_match_the_simulation_bit_for_bit_on_1000_windows(string which)
    {
        var model = which == "bands+stats" ? TrainedModels.BandsStats : which == "branched" ? TrainedModels.Branched : TrainedModels.LogMel;
        AssertIdentical(model, TrainedModels.MotorWindows(1000), EmitPrecision.Int16);
    }

    [Fact]
    public void A_front_end_that_differs_per_channel_matches_the_simulation_bit_for_bit_with_its_channel_shares()
    {
        var model = TrainedModels.Branched;
        AssertIdentical(model, TrainedModels.MotorWindows(1000));
        var type = Load(NanoModels.Emit(model));
        var score = type.GetMethod("Score", [typeof(float[]), typeof(float[])])!;
        var frontEnd = new Trainer.FrontEnd.BranchedFrontEnd<float>(model.FrontEnd!, chain => new Trainer.FrontEnd.FrontEndSimulation(chain).Features);
        var sim = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int8));
        var data = TrainedModels.MotorWindows(200);
        var (features, expected, actual) = (new float[model.FeatureSize], new float[4], new float[4]);
        for (int i = 0; i < data.Count; i++)
        {
            frontEnd.Features(data.Row(i), features);
            Assert.Equal(BitConverter.SingleToInt32Bits(sim.Run(features, expected)), BitConverter.SingleToInt32Bits((float)score.Invoke(null, [data.Row(i).ToArray(), actual])!));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void The_streaming_score_of_branches_carries_each_branchs_frames_and_equals_Score()
    {
        var model = TrainedModels.Branched;
        var type = Load(NanoModels.Emit(model));
        var score = type.GetMethod("Score", [typeof(float[]), typeof(float[])])!;
        var streaming = type.GetMethod("StreamingScore")!;
        var reused = type.GetField("LastReusedFrames")!;
        var (signal, _) = Trainer.Data.MotorSignalGenerator.Record(33, 2000, Trainer.Data.MotorFault.Bearing, faultStart: 900);
        int hop = 32, count = 0;
        for (int start = 0; (start + 64) * 4 <= signal.Length; start += hop, count++)
        {
            var x = signal.AsSpan(start * 4, 256).ToArray();
            float expected = (float)score.Invoke(null, [x, null])!, actual = (float)streaming.Invoke(null, [x, hop, null])!;
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
            // The accelerometers' 3 frames at hop 16 keep 1, the current's 7 at hop 8 keep 3.
            Assert.Equal(count == 0 ? 0 : 1 + 3, (int)reused.GetValue(null)!);
        }
        Assert.True(count > 30);
    }

    [Fact]
    public void Int16_dense_conv_and_standardized_models_match_the_simulation_bit_for_bit()
    {
        AssertIdentical(NanoModels.Small, TrainedModels.MotorWindows(2000), EmitPrecision.Int16);
        AssertIdentical(NanoModels.Mid, TrainedModels.MotorWindows(1000), EmitPrecision.Int16);
        AssertIdentical(TrainedModels.Conv, TrainedModels.MotorWindows(1000), EmitPrecision.Int16);
        AssertIdentical(TrainedModels.ConvVae, TrainedModels.MotorWindows(1000), EmitPrecision.Int16);
        AssertIdentical(TrainedModels.Standardized(NanoModels.Small), TrainedModels.MotorWindows(1000), EmitPrecision.Int16);
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
            Assert.Equal(count == 0 ? 0 : model.FrontEnd!.Single!.Frames - 1, (int)reused.GetValue(null)!);
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

/// <summary>
/// int16's 64-bit sums on nanoFramework: a dense layer whose sum exceeds int32 (784 inputs at full scale times weights of
/// 127) must be saturated to int32 before requantization, as the 16x8 reference does, not wrapped by an int32 accumulator.
/// </summary>
public class Int16AccumulationTests
{
    private static ModelDescription Wide()
    {
        const int n = 784;
        var ops = new Op[]
        {
            new NormalizeOp("normalize", NormalizationMethod.ZScore, new(new float[n]), new(Enumerable.Repeat(1f, n).ToArray())) { Range = new ValueRange(-1, 1) },
            new DenseOp("encoder.0", n, 2, new(Enumerable.Repeat(1f, 2 * n).ToArray()), new(new float[2])) { Range = new ValueRange(-800, 800) },
            new DenseOp("decoder.0", 2, n, new(Enumerable.Range(0, 2 * n).Select(i => (i % 7 - 3) / 3000f).ToArray()), new(new float[n])) { Range = new ValueRange(-1, 1) },
        };
        var graph = new ModelGraph(TensorShape.Features(n), new(ops), "encoder.0");
        return new ModelDescription(2, "wide", ModelKind.Autoencoder, ReconstructionKind.Gaussian,
            new DataContract(4, 196, 196, 1000, new(["a", "b", "c", "d"])), graph,
            new([new Threshold("int16", "mse", 0.5, "percentile", 99, 500, 0.1, 0.01, 0.09, 0.2)]), "{}");
    }

    [Fact]
    public void A_sum_beyond_int32_saturates_as_the_simulation_does()
    {
        var model = Wide();
        var source = NanoModels.Emit(model, EmitPrecision.Int16);
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp7_3));
        var compilation = CSharpCompilation.Create("Wide" + Guid.NewGuid().ToString("N"), [tree], Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        Assert.True(compilation.Emit(ms).Success);
        var infer = Assembly.Load(ms.ToArray()).GetType("Device.NanoModel")!.GetMethod("Infer")!;
        var sim = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int16));
        var rng = new Random(11);
        foreach (float level in new[] { 1f, -1f, 0.9f, 0.3f })
        {
            var x = Enumerable.Range(0, 784).Select(i => level * (i % 50 == 0 ? (float)rng.NextDouble() : 1f)).ToArray();
            var normalized = new float[784];
            var code = new short[2];
            var output = new short[784];
            float expected = sim.Run(x), actual = (float)infer.Invoke(null, [x, normalized, code, output, null])!;
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
            Assert.Equal(sim.LatentCodes[0], code[0]);
            Assert.Equal(sim.LatentCodes[1], code[1]);
            for (int j = 0; j < 784; j++) Assert.Equal(sim.OutputCodes[j], output[j]);
            // At full scale the sum (784·32767·127 > 2^31) saturated: the code is the saturated sum's, not the true one's.
            if (Math.Abs(level) == 1f)
            {
                int saturated = (int)Math.Round(int.MaxValue / (127.0 * 800.0));
                Assert.InRange(Math.Abs((int)code[0]), saturated - 2, saturated + 2);
            }
        }
    }
}
