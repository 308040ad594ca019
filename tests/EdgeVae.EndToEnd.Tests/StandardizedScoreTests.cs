using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Emitters.DotNet;
using EdgeVae.Compiler.Emitters.NanoFramework;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.Simulation;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// The standardised score (a diagonal Mahalanobis distance of the residual) chosen at calibration: the generated .NET code
/// computes the simulation's float bit for bit, per window and per channel, and it is what IsAnomaly and the streaming
/// detector compare with the threshold.
/// </summary>
public class StandardizedScoreTests
{
    private static readonly Lazy<ModelDescription> Motor = new(() => TrainedModels.Standardized(TrainedModels.Motor));
    private static readonly Lazy<ModelDescription> Conv = new(() => TrainedModels.Standardized(TrainedModels.Conv));

    [Theory]
    [InlineData("dense", "Int8")]
    [InlineData("dense", "Int16")]
    [InlineData("conv", "Int8")]
    [InlineData("conv", "Int16")]
    public void Generated_standardized_score_equals_the_simulation_on_2000_windows(string which, string precision)
    {
        var model = which == "conv" ? Conv.Value : Motor.Value;
        var generated = new GeneratedModel(model, precision);
        Assert.Equal("standardized", generated.Constant<string>("ThresholdScore"));
        var score = generated.Method<ScoreFn>("Score");
        var perChannel = generated.Method<ScorePerChannelFn>("Score");
        var isAnomaly = generated.Method<IsAnomalyFn>("IsAnomaly");
        var inWorkspace = generated.ProbeMethod<ScoreFn>("ScoreInWorkspace");
        float threshold = generated.Constant<float>("Threshold");
        var q = Quantizer.Quantize(model, precision == "Int8" ? QuantizedPrecision.Int8 : QuantizedPrecision.Int16);
        var z = model.ThresholdFor(precision.ToLowerInvariant())!.Standardization!;
        var sim = new IntegerSimulator(q);
        var data = TrainedModels.MotorWindows(2000);
        var expectedChannels = new float[model.Data.Channels];
        var actualChannels = new float[model.Data.Channels];
        int differsFromMse = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            float mse = sim.Run(x);
            float expected = sim.StandardizedScore(x, z);
            float actual = score(x);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"window {i}: simulator {expected:R}, generated {actual:R}");
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(inWorkspace(x)));
            Assert.Equal(!(expected <= threshold), isAnomaly(x));
            if (BitConverter.SingleToInt32Bits(mse) != BitConverter.SingleToInt32Bits(expected)) differsFromMse++;
            if (i % 20 == 0)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(perChannel(x, actualChannels)));
                sim.StandardizedScore(x, z, expectedChannels);
                Assert.Equal(expectedChannels, actualChannels);
            }
        }
        // The score really is another one than the reconstruction error.
        Assert.Equal(data.Count, differsFromMse);
    }

    [Fact]
    public void Generated_float32_standardized_score_matches_the_trainers_within_float_rounding()
    {
        var model = Motor.Value;
        var generated = new GeneratedModel(model, "Float32");
        Assert.Equal("standardized", generated.Constant<string>("ThresholdScore"));
        var score = generated.Method<ScoreFn>("Score");
        var data = TrainedModels.MotorWindows(500);
        var expected = ResidualStandardizer.Scores(ResidualStandardizer.Residuals(model, data, "float32"), data.Count, model.ThresholdFor("float32")!.Standardization!);
        var (mse, _) = PrecisionScores.Compute(model, data, "float32");
        for (int i = 0; i < data.Count; i++)
        {
            float actual = score(data.Row(i));
            Assert.True(Math.Abs(actual - expected[i]) <= 1e-5 * Math.Max(1, expected[i]), $"window {i}: generated {actual}, trainer {expected[i]}");
            Assert.NotEqual(mse[i], actual, 3);
        }
    }

    [Fact]
    public void The_calibrated_scores_are_what_the_simulator_gives_and_average_one_on_their_own_normal_data()
    {
        var model = Motor.Value;
        var normal = TrainedModels.MotorWindows(600);
        var data = normal.Subset(Enumerable.Range(0, normal.Count).Where(i => normal.Labels![i] == 0).ToArray());
        var r = ResidualStandardizer.Residuals(model, data, "int8");
        var z = model.ThresholdFor("int8")!.Standardization!;
        var scores = ResidualStandardizer.Scores(r, data.Count, z);
        var sim = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int8));
        for (int i = 0; i < data.Count; i++) Assert.Equal((float)scores[i], sim.StandardizedScore(data.Row(i), z));
        // On the data it was fitted on, a standardised squared residual averages (N − 1)/N per unfloored feature.
        Assert.InRange(scores.Average(), 0.9, 1.0);
        Assert.Equal(model.ThresholdFor("int8")!.Value, ThresholdCalibrator.Percentile(scores.Order().ToArray(), 99), 6);
    }

    [Fact]
    public void The_streaming_detectors_scorer_gives_the_standardized_score()
    {
        var generated = new GeneratedModel(Motor.Value, "Int8");
        var scorer = (Runtime.IAnomalyScorer)generated.Type.GetProperty("Scorer")!.GetValue(null)!;
        var score = generated.Method<ScoreFn>("Score");
        var x = TrainedModels.MotorWindows(1).Row(0);
        Assert.Equal(score(x), scorer.Score(x, new float[scorer.Channels]));
    }

    /// <summary>A VAE whose thresholds apply to −ELBO, as <c>calibrate --score neg_elbo</c> leaves it.</summary>
    private static ModelDescription NegElboVae()
    {
        var m = TrainedModels.ConvVae;
        var data = TrainedModels.MotorWindows(300);
        var thresholds = new[] { "float32", "int8" }.Select(p =>
            ThresholdCalibrator.Fit(PrecisionScores.Compute(m, data, p).NegElbo!, "percentile:99", p, "neg_elbo")).ToArray();
        return m with { Thresholds = new(thresholds) };
    }

    [Fact]
    public void A_neg_elbo_threshold_is_what_the_streaming_scorer_and_IsAnomaly_compare_with()
    {
        var generated = new GeneratedModel(NegElboVae(), "Int8");
        var scorer = (Runtime.IAnomalyScorer)generated.Type.GetProperty("Scorer")!.GetValue(null)!;
        var negElbo = generated.Method<ScoreFn>("NegativeElbo");
        var score = generated.Method<ScorePerChannelFn>("Score");
        var x = TrainedModels.MotorWindows(1).Row(0);
        var shares = new float[scorer.Channels];
        var expectedShares = new float[scorer.Channels];
        Assert.Equal(negElbo(x), scorer.Score(x, shares));
        score(x, expectedShares);
        Assert.Equal(expectedShares, shares);
        Assert.NotEqual(score(x, expectedShares), negElbo(x));
    }

    [Theory]
    [InlineData(EmitPrecision.Float32)]
    [InlineData(EmitPrecision.Int16)]
    public void A_neg_elbo_threshold_is_refused_where_the_code_has_no_neg_elbo(EmitPrecision precision)
    {
        var model = NegElboVae();
        var options = new EmitOptions("Demo", "M", "public", precision, EmitTarget.DotNet, "m.evae");
        var e = Assert.Throws<QuantizationException>(() => DotNetEmitter.Emit(model, options));
        Assert.Contains("−ELBO", e.Message);
        Assert.Contains("--score mse|standardized", e.Message);
        if (precision == EmitPrecision.Float32)
            Assert.Throws<QuantizationException>(() => NanoFrameworkEmitter.Emit(model, options with { Target = EmitTarget.NanoFramework }, null));
    }
}
