using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Emitters.NanoFramework;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.FrontEnd;
using EdgeVae.Trainer.Models;
using EdgeVae.Trainer.Simulation;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// The MLPerf Tiny anomaly-detection shape on a machine-sound WAV set (16 kHz mono, DCASE layout): 64 ms frames every
/// 32 ms, 128 log-mel bins, 5 frames (640 features), dense 128×4 → 8 → 128×4. Its int8 .NET code equals the simulation on
/// every test window, and the nanoFramework flavor is refused naming the initializer limit.
/// </summary>
public class MlperfShapedTests
{
    private static readonly Lazy<(ModelDescription Model, string Folder)> Trained = new(() =>
    {
        string folder = Path.Combine(Path.GetTempPath(), "edgevae-mlperf-" + Guid.NewGuid().ToString("N"));
        MotorWavSet.Write(folder, trainClips: 6, testClips: 4, seconds: 2, seed: 3, sound: true);
        var model = TrainedModels.Train("wav:" + folder, new DataOptions { Window = 3072, Hop = 512 },
            new AutoencoderConfig { Kind = ModelKind.Autoencoder, Features = "log-mel:frame=1024,hop=512,mels=128", Hidden = [128, 128, 128, 128], Latent = 8 },
            NormalizationMethod.ZScore, epochs: 2, precisions: ["int8"]);
        return (model, folder);
    });

    [Fact]
    public void The_mlperf_shaped_model_is_640_log_mel_features_and_its_int8_code_equals_the_simulation()
    {
        var (model, folder) = Trained.Value;
        Assert.Equal(3072, model.InputSize);
        Assert.Equal(640, model.FeatureSize);
        Assert.Equal(16000, model.Data.SampleRate);
        var chain = model.FrontEnd!.Single!;
        Assert.Equal((5, 128, 1024), (chain.Frames, chain.FrameFeatures, chain.Frame.Length));
        var generated = new GeneratedModel(model, "Int8");
        var score = generated.Method<ScoreFn>("Score");
        var frontEnd = new FrontEndSimulation(chain);
        var sim = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int8));
        var test = DataSources.Load("wav:" + folder, new DataOptions { Window = 3072, Hop = 512 }).Test;
        Assert.True(test.Count >= 200, $"{test.Count} test windows");
        var features = new float[640];
        for (int i = 0; i < test.Count; i++)
        {
            frontEnd.Features(test.Row(i), features);
            float expected = sim.Run(features), actual = score(test.Row(i));
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"window {i}: simulation {expected:R}, generated {actual:R}");
        }
    }

    [Fact]
    public void The_nanoframework_flavor_is_refused_naming_the_initializer_limit()
    {
        var model = Trained.Value.Model;
        // The check both the generator and `edgevae emit --target nanoframework` run before writing code.
        var e = Assert.Throws<QuantizationException>(() => NanoFrameworkLimits.Check(model,
            new EmitOptions("Device", "M", "public", EmitPrecision.Int8, EmitTarget.NanoFramework, "m.evae")));
        Assert.Contains("over nanoFramework's 65535-byte signature-table limit", e.Message);
        Assert.Contains("the largest layer has 81920 weights", e.Message);
    }
}
