using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.FrontEnd;
using EdgeVae.Trainer.Simulation;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// A front-end that differs per channel (<see cref="TrainedModels.Branched"/>: log bands and statistics of the
/// accelerometers, statistics of the current, the current's raw samples) compiled by the generator: its features, scores
/// and per-channel shares are the trainer's simulation's bit for bit, and its streaming scorer carries each branch's
/// frames over as a whole window would compute them.
/// </summary>
public class BranchedFrontEndTests
{
    private static BranchedFrontEnd<float> Simulation(ModelDescription model) =>
        new(model.FrontEnd!, chain => new FrontEndSimulation(chain).Features);

    [Fact]
    public void The_model_is_three_branches_joined_with_each_features_channel_known()
    {
        var model = TrainedModels.Branched;
        var frontEnd = model.FrontEnd!;
        Assert.True(frontEnd.Branched);
        Assert.Equal([45, 42, 64], frontEnd.Branches.Select(b => b.Features));
        Assert.Equal(151, model.FeatureSize);
        Assert.False(frontEnd.Interleaved);
        Assert.Equal(16, frontEnd.StreamingHop);
        var channels = model.FeatureChannels();
        Assert.Equal([0, 1, 2, 0, 1, 2], channels[..6]);
        Assert.All(channels[45..], c => Assert.Equal(3, c));
    }

    [Theory]
    [InlineData("Int8")]
    [InlineData("Int16")]
    public void Generated_features_scores_and_channel_shares_equal_the_simulation_on_1000_windows(string precision)
    {
        var model = TrainedModels.Branched;
        var generated = new GeneratedModel(model, precision);
        Assert.Equal(151, generated.Constant<int>("FeatureLength"));
        var features = generated.Method<MapFn>("ComputeFeatures");
        var score = generated.Method<ScorePerChannelFn>("Score");
        var frontEnd = Simulation(model);
        var sim = new IntegerSimulator(Quantizer.Quantize(model, precision == "Int8" ? QuantizedPrecision.Int8 : QuantizedPrecision.Int16));
        var data = TrainedModels.MotorWindows(1000);
        var (expectedFeatures, actualFeatures) = (new float[151], new float[151]);
        var (expectedChannels, actualChannels) = (new float[4], new float[4]);
        var distinct = new HashSet<int>();
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            frontEnd.Features(x, expectedFeatures);
            features(x, actualFeatures);
            for (int j = 0; j < 151; j++)
                Assert.True(BitConverter.SingleToInt32Bits(expectedFeatures[j]) == BitConverter.SingleToInt32Bits(actualFeatures[j]),
                    $"window {i}, feature {j}: simulation {expectedFeatures[j]:R}, generated {actualFeatures[j]:R}");
            float expected = sim.Run(expectedFeatures, expectedChannels), actual = score(x, actualChannels);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
            Assert.Equal(expectedChannels, actualChannels);
            distinct.Add(BitConverter.SingleToInt32Bits(actual));
        }
        Assert.True(distinct.Count > 900, $"{distinct.Count} distinct scores");
    }

    [Fact]
    public void Channel_shares_follow_the_features_channels_not_their_position()
    {
        // A fault on the current alone (its raw samples and statistics) must show in the current's share.
        var model = TrainedModels.Branched;
        var score = new GeneratedModel(model, "Int8").Method<ScorePerChannelFn>("Score");
        var x = TrainedModels.MotorWindows(1).Row(0).ToArray();
        var (before, after) = (new float[4], new float[4]);
        float s0 = score(x, before);
        for (int t = 0; t < 64; t++) x[t * 4 + 3] += 5f * MathF.Sin(t);
        float s1 = score(x, after);
        Assert.True(s1 > 2 * s0, $"{s0} → {s1}");
        // The other channels' shares move a little (the network mixes its inputs); the current's grows most by far.
        var rise = after.Zip(before, (a, b) => a - b).ToArray();
        Assert.True(rise[3] > 5 * (Math.Abs(rise[0]) + Math.Abs(rise[1]) + Math.Abs(rise[2])), $"{string.Join(", ", before)} → {string.Join(", ", after)}");
        Assert.Equal(s1, after.Sum(), 4);
    }

    [Fact]
    public void Float32_code_runs_the_same_branches_and_matches_the_trainer_within_float_rounding()
    {
        var model = TrainedModels.Branched;
        var score = new GeneratedModel(model, "Float32").Method<ScoreFn>("Score");
        var data = TrainedModels.MotorWindows(300);
        var (expected, _) = Trainer.Evaluation.PrecisionScores.Compute(model, ModelFeatures.Of(model, data), "float32");
        for (int i = 0; i < data.Count; i++)
        {
            float actual = score(data.Row(i));
            Assert.True(Math.Abs(actual - expected[i]) <= 1e-5 * Math.Max(1, expected[i]), $"window {i}: generated {actual}, trainer {expected[i]}");
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(48)]
    public void The_streaming_scorer_carries_each_branchs_frames_and_scores_as_whole_windows(int hop)
    {
        var model = TrainedModels.Branched;
        var generated = new GeneratedModel(model, "Int8");
        var score = generated.Method<ScorePerChannelFn>("Score");
        var type = generated.Type.GetNestedType("StreamingScorer")!;
        var stream = (EdgeVae.Runtime.IAnomalyScorer)Activator.CreateInstance(type, hop)!;
        var reused = type.GetProperty("LastReusedFrames")!;
        // Frames carried over: the accelerometers' 3 frames hop 16, the current's 7 frames hop 8 (raw steps not counted).
        int carried = Math.Max(0, 3 - hop / 16) + Math.Max(0, 7 - hop / 8);
        long macs = (long)type.GetProperty("MacsPerHop")!.GetValue(stream)!;
        Assert.Equal(model.FrontEnd!.MacsPerHop(model.MacsPerInference, hop), macs);
        Assert.True(macs < model.MacsPerInference);
        var (signal, _) = Trainer.Data.MotorSignalGenerator.Record(4343, 2000, Trainer.Data.MotorFault.Looseness, faultStart: 1000);
        var (expectedChannels, actualChannels) = (new float[4], new float[4]);
        int count = 0;
        for (int start = 0; (start + 64) * 4 <= signal.Length; start += hop, count++)
        {
            var x = signal.AsSpan(start * 4, 256).ToArray();
            float expected = score(x, expectedChannels), actual = stream.Score(x, actualChannels);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
            Assert.Equal(expectedChannels, actualChannels);
            Assert.Equal(count == 0 ? 0 : carried, (int)reused.GetValue(stream)!);
        }
        Assert.True(count > 30);
        var err = Assert.Throws<System.Reflection.TargetInvocationException>(() => Activator.CreateInstance(type, 8));
        Assert.Contains("multiple of the front-end's frame hop (16)", err.InnerException!.Message);
    }

    [Fact]
    public void A_non_finite_sample_makes_exactly_its_channels_frames_and_raw_sample_not_a_number()
    {
        var model = TrainedModels.Branched;
        var features = new GeneratedModel(model, "Int8").Method<MapFn>("ComputeFeatures");
        var frontEnd = Simulation(model);
        var (expected, actual) = (new float[151], new float[151]);
        var x = TrainedModels.MotorWindows(1).Row(0).ToArray();
        x[20 * 4 + 3] = float.NaN; // the current at step 20: its stats frames 1 and 2 (hop 8, length 16) and raw sample 20
        frontEnd.Features(x, expected);
        features(x, actual);
        for (int j = 0; j < 151; j++) Assert.Equal(BitConverter.SingleToInt32Bits(expected[j]), BitConverter.SingleToInt32Bits(actual[j]));
        var nan = Enumerable.Range(0, 151).Where(j => float.IsNaN(actual[j])).ToArray();
        Assert.Equal(Enumerable.Range(45 + 6, 12).Append(87 + 20), nan);
    }
}
