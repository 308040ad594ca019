using System.Globalization;
using System.Reflection;
using System.Text;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Emitters.NanoFramework;
using EdgeVae.Compiler.Model;
using EdgeVae.EndToEnd.Tests;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.Simulation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// The nanoFramework flavor's learner (EdgeVae.Contract's source, nested in the model class) on desktop .NET and on
/// nanoCLR against the trainer's simulation: the same state bytes after learning from the same windows, the same scores
/// afterwards, and a state that survives Save, Reset and Load.
/// </summary>
public class LearnerTests
{
    private const int Bases = 8, Perturbations = 8, NormalWindows = 40, ThresholdWindows = 24;

    private static string Emit(ModelDescription model) => NanoFrameworkEmitter.Emit(model,
        new EmitOptions("Device", "NanoModel", "public", EmitPrecision.Int8, EmitTarget.NanoFramework, "model.evae", Learner: true)).Source;

    /// <summary>Bases windows at the heavier load, each perturbed by the probe's noise, exactly as the probe computes them.</summary>
    private static (float[][] Bases, Dataset Windows) Windows()
    {
        var deployment = TrainedModels.Deployment(2, faults: false);
        var bases = Enumerable.Range(0, Bases).Select(b => deployment.Row(b * 13).ToArray()).ToArray();
        return (bases, new Dataset("probe", Probe.Perturbed(bases, Perturbations, 0.2f), Bases * Perturbations, 256, null, DataLayout.TimeWindow, 4, 64));
    }

    private static string ProbeSource(float[][] bases)
    {
        var run = new StringBuilder();
        run.AppendLine("float[] x = new float[256]; uint state = 2463534242u; int taken = 0;");
        run.AppendLine($"NanoModel.Baseline.Begin({NormalWindows}, {ThresholdWindows});");
        run.AppendLine($"for (int b = 0; b < Windows.Length; b++) for (int p = 0; p < {Perturbations}; p++) {{");
        run.AppendLine(Probe.PerturbStatement(256, 0.2f));
        run.AppendLine("if (NanoModel.Learn(x)) taken++; }");
        run.AppendLine("byte[] slot = new byte[NanoModel.LearnerStateBytes];");
        run.AppendLine("int which = NanoModel.Baseline.Save(slot);");
        run.AppendLine("Out(\"L taken \" + taken + \" phase \" + NanoModel.Baseline.Phase + \" slot \" + which);");
        run.AppendLine("Out(\"L state \" + Hex(slot));");
        run.AppendLine("Out(\"L threshold \" + Bits(NanoModel.Baseline.Threshold));");
        run.AppendLine("for (int b = 0; b < Windows.Length; b++) Out(\"L score \" + b + \" \" + Bits(NanoModel.Score(Windows[b])) + \" \" + NanoModel.IsAnomaly(Windows[b]));");
        run.AppendLine("NanoModel.Baseline.Reset();");
        run.AppendLine("Out(\"L reset \" + Bits(NanoModel.Baseline.Threshold) + \" \" + Bits(NanoModel.Score(Windows[0])));");
        run.AppendLine("byte[] torn = new byte[slot.Length]; for (int i = 0; i < 40; i++) torn[i] = slot[i];");
        run.AppendLine("Out(\"L loaded \" + NanoModel.Baseline.Load(torn, null) + \" \" + NanoModel.Baseline.Load(torn, slot) + \" \" + Bits(NanoModel.Baseline.Threshold) + \" \" + Bits(NanoModel.Score(Windows[0])));");
        return Probe.Source(bases, run.ToString());
    }

    private static ModelDescription Model(string which) => which == "bands+stats" ? TrainedModels.BandsStats : NanoModels.Small;

    /// <summary>The network's input of one raw window: a front-end model's features (the fixed-point front-end), else the window.</summary>
    private static float[] Input(ModelDescription model, float[] window) => Trainer.FrontEnd.ModelFeatures.Of(model,
        new Dataset("w", window, 1, window.Length, null, DataLayout.TimeWindow, 4, window.Length / 4)).Row(0).ToArray();

    [Theory]
    [InlineData("dense")]
    [InlineData("bands+stats")]
    public void On_desktop_the_nanoFramework_learner_reaches_the_simulations_state_bytes(string kind)
    {
        var (bases, windows) = Windows();
        var model = Model(kind);
        var lines = Probe.OnDesktop(Emit(model), ProbeSource(bases));
        var q = PrecisionScores.Quantize(model, "int8");
        var simulator = new IntegerSimulator(q);
        var learner = BaselineSimulation.Create(model, q, 3.0);
        // A front-end model learns on its features, each on its own.
        BaselineSimulation.Learn(learner, simulator, Trainer.FrontEnd.ModelFeatures.Of(model, windows), NormalWindows, ThresholdWindows);
        var state = new byte[learner.StateBytes];
        int which = learner.Save(state);
        Assert.Contains($"L taken {NormalWindows + ThresholdWindows} phase 3 slot {which}", lines);
        Assert.Contains("L state " + Convert.ToHexStringLower(state), lines);
        Assert.Contains("L threshold " + BitConverter.SingleToInt32Bits(learner.Threshold), lines);
        for (int b = 0; b < Bases; b++)
        {
            float s = simulator.Run(Input(model, bases[b]));
            Assert.Contains($"L score {b} {BitConverter.SingleToInt32Bits(s)} {!(s <= learner.Threshold)}", lines);
        }
        // Reset goes back to the trained baseline; a torn slot does not load, a whole one restores the learned state.
        float trained = new IntegerSimulator(q).Run(Input(model, bases[0]));
        Assert.Contains($"L reset {BitConverter.SingleToInt32Bits((float)model.ThresholdFor("int8")!.Value)} {BitConverter.SingleToInt32Bits(trained)}", lines);
        Assert.Contains($"L loaded False True {BitConverter.SingleToInt32Bits(learner.Threshold)} {BitConverter.SingleToInt32Bits(simulator.Run(Input(model, bases[0])))}", lines);
    }

    [Fact]
    public void Emitted_code_with_the_learner_compiles_against_the_real_mscorlib_and_passes_the_il_scan()
    {
        var (errors, image) = NanoFrameworkBuild.Compile(Emit(NanoModels.Small));
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        var problems = NanoFrameworkBuild.Scan(image!);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [NanoClrTheory]
    [InlineData("dense")]
    [InlineData("bands+stats")]
    public void On_nanoCLR_the_learner_gives_desktops_state_and_scores(string which)
    {
        var (bases, _) = Windows();
        string[] sources = [Emit(Model(which)), ProbeSource(bases)];
        var expected = Probe.OnDesktop(sources);
        var actual = NanoClr.Run(sources).Where(l => l.StartsWith("L ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Bases + 5, expected.Count);
        Assert.Equal(expected, actual);
    }
}
