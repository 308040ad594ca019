using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.FrontEnd;
using EdgeVae.Trainer.Simulation;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// Front-end plus network, compiled by the generator: the generated features are the trainer's fixed-point front-end's
/// floats bit for bit, and the generated score is the integer simulation's on those features, for int8 and int16 on
/// 1,000 motor windows each (normal and every fault); float32 code runs the same fixed-point front-end.
/// </summary>
public class FrontEndBitExactTests
{
    private static ModelDescription Model(string which) => which switch
    {
        "bands" => TrainedModels.Bands,
        "bands+stats" => TrainedModels.BandsStats,
        "stats" => TrainedModels.Stats,
        _ => TrainedModels.LogMel,
    };

    [Theory]
    [InlineData("log-mel", "Int8")]
    [InlineData("log-mel", "Int16")]
    [InlineData("bands", "Int8")]
    [InlineData("bands", "Int16")]
    [InlineData("bands+stats", "Int8")]
    [InlineData("bands+stats", "Int16")]
    [InlineData("stats", "Int8")]
    public void Generated_front_end_and_network_equal_the_simulation_on_1000_windows(string which, string precision)
    {
        var model = Model(which);
        var chain = model.FrontEnd!.Single!;
        var generated = new GeneratedModel(model, precision);
        Assert.Equal(chain.Features, generated.Constant<int>("FeatureLength"));
        Assert.Equal(256, generated.Constant<int>("InputLength"));
        var features = generated.Method<MapFn>("ComputeFeatures");
        var score = generated.Method<ScoreFn>("Score");
        var perChannel = generated.Method<ScorePerChannelFn>("Score");
        var frontEnd = new FrontEndSimulation(chain);
        var sim = new IntegerSimulator(Quantizer.Quantize(model, precision == "Int8" ? QuantizedPrecision.Int8 : QuantizedPrecision.Int16));
        var data = TrainedModels.MotorWindows(1000);
        var expectedFeatures = new float[chain.Features];
        var actualFeatures = new float[chain.Features];
        var expectedChannels = new float[4];
        var actualChannels = new float[4];
        var distinct = new HashSet<int>();
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            frontEnd.Features(x, expectedFeatures);
            features(x, actualFeatures);
            for (int j = 0; j < expectedFeatures.Length; j++)
                Assert.True(BitConverter.SingleToInt32Bits(expectedFeatures[j]) == BitConverter.SingleToInt32Bits(actualFeatures[j]),
                    $"window {i}, feature {j}: simulation {expectedFeatures[j]:R}, generated {actualFeatures[j]:R}");
            float expected = sim.Run(expectedFeatures);
            float actual = score(x);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"window {i}: simulation {expected:R}, generated {actual:R}");
            distinct.Add(BitConverter.SingleToInt32Bits(actual));
            if (i % 50 == 0)
            {
                sim.Run(expectedFeatures, expectedChannels);
                perChannel(x, actualChannels);
                Assert.Equal(expectedChannels, actualChannels);
            }
        }
        // Real scores of real windows, not one constant.
        Assert.True(distinct.Count > 900, $"{distinct.Count} distinct scores");
    }

    [Fact]
    public void Float32_code_runs_the_fixed_point_front_end_and_matches_the_trainer_within_float_rounding()
    {
        var model = TrainedModels.LogMel;
        var generated = new GeneratedModel(model, "Float32");
        var score = generated.Method<ScoreFn>("Score");
        var data = TrainedModels.MotorWindows(300);
        var (expected, _) = Trainer.Evaluation.PrecisionScores.Compute(model, ModelFeatures.Of(model, data), "float32");
        for (int i = 0; i < data.Count; i++)
        {
            float actual = score(data.Row(i));
            Assert.True(Math.Abs(actual - expected[i]) <= 1e-5 * Math.Max(1, expected[i]), $"window {i}: generated {actual}, trainer {expected[i]}");
        }
    }

    [Fact]
    public void A_non_finite_sample_makes_the_score_not_a_number_and_the_window_anomalous()
    {
        var model = TrainedModels.LogMel;
        var generated = new GeneratedModel(model, "Int8");
        var score = generated.Method<ScoreFn>("Score");
        var isAnomaly = generated.Method<IsAnomalyFn>("IsAnomaly");
        var x = TrainedModels.MotorWindows(1).Row(0).ToArray();
        Assert.False(float.IsNaN(score(x)));
        x[37] = float.NaN;
        Assert.True(float.IsNaN(score(x)));
        Assert.True(isAnomaly(x));
        x[37] = float.PositiveInfinity;
        Assert.True(float.IsNaN(score(x)));
    }

    [Theory]
    [InlineData("log-mel")]
    [InlineData("bands+stats")]
    public void A_non_finite_sample_makes_exactly_the_frames_that_hold_it_not_a_number(string which)
    {
        var model = Model(which);
        var chain = model.FrontEnd!.Single!;
        var features = new GeneratedModel(model, "Int8").Method<MapFn>("ComputeFeatures");
        var frontEnd = new FrontEndSimulation(chain);
        var (expected, actual) = (new float[chain.Features], new float[chain.Features]);
        var window = TrainedModels.MotorWindows(1).Row(0).ToArray();
        // Channel 1 at steps 9 (the first frame only), 40 (two frames: hop 16, frame 32) and the last step; channel 3 at step 20.
        foreach (var (step, channel, value) in new[] { (9, 1, float.NaN), (40, 1, float.PositiveInfinity), (63, 1, float.NegativeInfinity), (20, 3, float.NaN) })
        {
            var x = (float[])window.Clone();
            x[step * 4 + channel] = value;
            frontEnd.Features(x, expected);
            features(x, actual);
            int nan = 0;
            for (int j = 0; j < expected.Length; j++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expected[j]), BitConverter.SingleToInt32Bits(actual[j]));
                if (float.IsNaN(actual[j])) { nan++; Assert.Equal(channel, j % 4); }
            }
            int frames = Enumerable.Range(0, chain.Frames).Count(f => step >= f * chain.Frame.Hop && step < f * chain.Frame.Hop + chain.Frame.Length);
            Assert.Equal(frames * chain.FrameFeatures, nan);
        }
    }
}

/// <summary>
/// The front-end's streaming scorer: windows advancing by a hop move the feature frames they share with the window
/// before and compute only the new ones, and score exactly as the whole window does.
/// </summary>
public class FrontEndStreamingTests
{
    [Theory]
    [InlineData("log-mel", "Int8", 16)]
    [InlineData("log-mel", "Int16", 32)]
    [InlineData("bands+stats", "Int8", 16)]
    [InlineData("bands+stats", "Float32", 16)]
    public void Reused_frames_give_the_scores_of_whole_windows_bit_for_bit(string which, string precision, int hop)
    {
        var model = which == "bands+stats" ? TrainedModels.BandsStats : TrainedModels.LogMel;
        var generated = new GeneratedModel(model, precision);
        var score = generated.Method<ScorePerChannelFn>("Score");
        var type = generated.Type.GetNestedType("StreamingScorer")!;
        var stream = (EdgeVae.Runtime.IAnomalyScorer)Activator.CreateInstance(type, hop)!;
        var reused = type.GetProperty("LastReusedFrames")!;
        int frames = model.FrontEnd!.Single!.Frames, shift = hop / model.FrontEnd.Single!.Frame.Hop;
        var (signal, _) = Trainer.Data.MotorSignalGenerator.Record(4242, 3000, Trainer.Data.MotorFault.Bearing, faultStart: 1500);
        int channels = 4, window = model.InputSize / channels, count = 0;
        var expectedChannels = new float[channels];
        var actualChannels = new float[channels];
        for (int start = 0; start + window <= signal.Length / channels; start += hop, count++)
        {
            var x = signal.AsSpan(start * channels, window * channels);
            float expected = score(x, expectedChannels), actual = stream.Score(x, actualChannels);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"window at {start}: whole {expected:R}, streaming {actual:R}");
            Assert.Equal(expectedChannels, actualChannels);
            Assert.Equal(count == 0 ? 0 : frames - shift, (int)reused.GetValue(stream)!);
        }
        Assert.True(count > 50, $"{count} windows");
        // A window that does not follow the last one is computed whole, and still scores the same.
        var jump = signal.AsSpan(7 * channels, window * channels);
        Assert.Equal(score(jump, expectedChannels), stream.Score(jump, actualChannels));
        Assert.Equal(0, (int)reused.GetValue(stream)!);
        Assert.Throws<System.Reflection.TargetInvocationException>(() => Activator.CreateInstance(type, hop + 1));
    }
}
