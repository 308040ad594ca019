using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Contract;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.Simulation;
using EdgeVae.Tests.Shared;
using EdgeVae.Compiler.Model;
using Microsoft.CodeAnalysis;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// The generated .NET code's on-device learner against the trainer's simulation of it, on motor windows of a heavier
/// load than the models were trained on: the same state bytes, the same scores afterwards, and a threshold that is
/// the learned one.
/// </summary>
public class LearnerTests
{
    public const int NormalWindows = 96, ThresholdWindows = 64;

    public static TheoryData<string, string> Cases => new()
    {
        { "dense", "Int8" }, { "dense", "Int16" }, { "conv", "Int8" }, { "bands+stats", "Int8" }, { "branched", "Int16" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_learner_reaches_the_simulations_state_bytes_and_scores_with_it(string which, string precision)
    {
        var model = which switch { "dense" => TrainedModels.Motor, "conv" => TrainedModels.Conv, "bands+stats" => TrainedModels.BandsStats, _ => TrainedModels.Branched };
        var normal = TrainedModels.Deployment(4, faults: false);
        var test = TrainedModels.Deployment(16, faults: true);
        Assert.True(normal.Count >= NormalWindows + ThresholdWindows);
        // The simulation runs on the network's input (a front-end model's features, each learned on its own); the
        // generated code takes the raw windows.
        var (normalInput, testInput) = (Trainer.FrontEnd.ModelFeatures.Of(model, normal), Trainer.FrontEnd.ModelFeatures.Of(model, test));

        // The simulation.
        var q = PrecisionScores.Quantize(model, precision.ToLowerInvariant());
        var simulator = new IntegerSimulator(q);
        var simulated = BaselineSimulation.Create(model, q, 3.0);
        BaselineSimulation.Learn(simulated, simulator, normalInput, NormalWindows, ThresholdWindows);
        var expectedState = new byte[simulated.StateBytes];
        simulated.Save(expectedState);

        // The generated code.
        string source = GeneratorHarness.ModelSource("M", $"\"m.evae\", Precision = EdgeVaePrecision.{precision}, Learner = true");
        var (_, output, diagnostics) = GeneratorHarness.Run(source, ("m.evae", ModelFileWriter.Write(model)));
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var type = GeneratorHarness.Load(output).GetType("Demo.M")!;
        var baseline = (BaselineLearner)type.GetMethod("CreateLearner")!.Invoke(null, null)!;
        var learn = (Learn)Delegate.CreateDelegate(typeof(Learn), type.GetMethod("Learn")!);
        var score = (ScoreWith)Delegate.CreateDelegate(typeof(ScoreWith), type.GetMethod("Score", [typeof(ReadOnlySpan<float>), typeof(BaselineLearner)])!);
        var isAnomaly = (ScoreIs)Delegate.CreateDelegate(typeof(ScoreIs), type.GetMethod("IsAnomaly", [typeof(ReadOnlySpan<float>), typeof(BaselineLearner)])!);
        var trainedScore = (Plain)Delegate.CreateDelegate(typeof(Plain), type.GetMethod("Score", [typeof(ReadOnlySpan<float>)])!);
        baseline.Begin(NormalWindows, ThresholdWindows);
        int taken = 0;
        for (int i = 0; i < normal.Count && baseline.Phase != BaselineLearner.Learned; i++) taken += learn(normal.Row(i), baseline) ? 1 : 0;
        Assert.Equal(NormalWindows + ThresholdWindows, taken);
        var state = new byte[(int)type.GetField("LearnerStateBytes")!.GetValue(null)!];
        baseline.Save(state);
        int firstDifference = Enumerable.Range(0, state.Length).FirstOrDefault(i => state[i] != expectedState[i], -1);
        Assert.True(firstDifference < 0, $"the state bytes differ first at byte {firstDifference} of {state.Length}");

        // Afterwards every test window's score is the simulation's, bit for bit, and IsAnomaly compares with the learned threshold.
        Assert.NotEqual((float)type.GetField("Threshold")!.GetValue(null)!, baseline.Threshold);
        for (int i = 0; i < test.Count; i++)
        {
            float s = score(test.Row(i), baseline);
            Assert.Equal(BitConverter.SingleToInt32Bits(simulator.Run(testInput.Row(i))), BitConverter.SingleToInt32Bits(s));
            Assert.Equal(!(s <= baseline.Threshold), isAnomaly(test.Row(i), baseline));
        }
        // The constant path is untouched: without a baseline the trained normalization scores.
        var plain = new IntegerSimulator(q);
        Assert.Equal(plain.Run(testInput.Row(3)), trainedScore(test.Row(3)));
    }

    /// <summary>float32 code learns through the same class; the trainer does not simulate float32 bit for bit, so this holds the learner to its own arithmetic: the learned normalization centres the deployment's windows.</summary>
    [Fact]
    public void Generated_float32_code_learns_too()
    {
        var model = TrainedModels.Motor;
        var normal = TrainedModels.Deployment(4, faults: false);
        string source = GeneratorHarness.ModelSource("M", "\"m.evae\", Precision = EdgeVaePrecision.Float32, Learner = true");
        var (_, output, diagnostics) = GeneratorHarness.Run(source, ("m.evae", ModelFileWriter.Write(model)));
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var type = GeneratorHarness.Load(output).GetType("Demo.M")!;
        var baseline = (BaselineLearner)type.GetMethod("CreateLearner")!.Invoke(null, null)!;
        var learn = (Learn)Delegate.CreateDelegate(typeof(Learn), type.GetMethod("Learn")!);
        var score = (ScoreWith)Delegate.CreateDelegate(typeof(ScoreWith), type.GetMethod("Score", [typeof(ReadOnlySpan<float>), typeof(BaselineLearner)])!);
        baseline.Begin(NormalWindows, ThresholdWindows);
        for (int i = 0; i < normal.Count && baseline.Phase != BaselineLearner.Learned; i++) learn(normal.Row(i), baseline);
        Assert.Equal(BaselineLearner.Learned, baseline.Phase);
        var scores = Enumerable.Range(NormalWindows + ThresholdWindows, normal.Count - NormalWindows - ThresholdWindows).Select(i => score(normal.Row(i), baseline)).ToArray();
        Assert.All(scores, s => Assert.True(float.IsFinite(s)));
        // Normal windows of the new regime fall under the learned threshold (mean + 3σ of their like), nearly all of them.
        Assert.True(scores.Count(s => s > baseline.Threshold) <= scores.Length / 20, $"{scores.Count(s => s > baseline.Threshold)} of {scores.Length} over {baseline.Threshold}");
    }

    [Fact]
    public void A_model_whose_threshold_is_on_neg_elbo_is_refused_with_what_to_do()
    {
        var model = TrainedModels.ConvVae;
        var vae = model with { Thresholds = new EquatableArray<Threshold>(model.Thresholds.Select(t => t with { Score = "neg_elbo" }).ToArray()) };
        string source = GeneratorHarness.ModelSource("M", "\"m.evae\", Learner = true");
        var (result, _, diagnostics) = GeneratorHarness.Run(source, ("m.evae", ModelFileWriter.Write(vae)));
        var all = result.Diagnostics.Concat(diagnostics).ToList();
        var error = Assert.Single(all, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("EVAE", StringComparison.Ordinal));
        Assert.Contains("--score mse", error.GetMessage());
    }

    /// <summary>The simulator used to normalize with the model's own arrays, so a learned normalization was written into the model itself.</summary>
    [Fact]
    public void Simulating_a_learned_normalization_leaves_the_model_as_it_was()
    {
        var model = TrainedModels.Motor;
        var before = model.Normalization.Offset.AsArray().ToArray();
        var simulator = new IntegerSimulator(PrecisionScores.Quantize(model, "int8"));
        simulator.SetNormalization(Enumerable.Repeat(1f, before.Length).ToArray(), Enumerable.Repeat(2f, before.Length).ToArray());
        Assert.Equal(before, model.Normalization.Offset.AsArray());
        Assert.NotEqual(new IntegerSimulator(PrecisionScores.Quantize(model, "int8")).Run(TrainedModels.Deployment(1, false).Row(0)), simulator.Run(TrainedModels.Deployment(1, false).Row(0)));
    }

    private delegate bool Learn(ReadOnlySpan<float> window, BaselineLearner baseline);

    private delegate float ScoreWith(ReadOnlySpan<float> window, BaselineLearner baseline);

    private delegate float Plain(ReadOnlySpan<float> window);

    private delegate bool ScoreIs(ReadOnlySpan<float> window, BaselineLearner baseline);
}
