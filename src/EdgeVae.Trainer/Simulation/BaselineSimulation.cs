using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Emitters.Learning;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Contract;
using EdgeVae.Runtime.Kernels;
using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.Simulation;

/// <summary>
/// The on-device learner as the generated code runs it, over the integer simulation: the same learner class, the same
/// normalization kernel, the same scores, so it reaches the state a device reaches from the same windows, bit for bit.
/// </summary>
public static class BaselineSimulation
{
    /// <summary>
    /// A learner for <paramref name="model"/> quantized as <paramref name="q"/>, as the generated code at that precision
    /// creates it (the model as read from its file: its tag is the file's checksum).
    /// </summary>
    public static BaselineLearner Create(ModelDescription model, QuantizedModel q, double sigmas)
    {
        var options = Options(q, sigmas);
        float threshold = LearnerSupport.StartingThreshold(model, options);
        return new BaselineLearner(model.Normalization.Offset.AsArray().ToArray(), model.Normalization.Scale.AsArray().ToArray(), LearnerSupport.Groups(model),
            threshold, options.LearnerSigmasQ8, LearnerSupport.ModelTag(model));
    }

    /// <summary>
    /// Begins learning and feeds it windows of <paramref name="normal"/> in order (the network's input: a front-end model's
    /// features, as <c>ModelFeatures.Of</c> makes them), <paramref name="simulator"/> scoring them in the threshold phase,
    /// until it has learned; leaves <paramref name="simulator"/> on the learned normalization. Returns how many windows it read.
    /// </summary>
    public static int Learn(BaselineLearner learner, IntegerSimulator simulator, Dataset normal, int normalWindows, int thresholdWindows)
    {
        learner.Begin(normalWindows, thresholdWindows);
        int read = 0;
        while ((learner.Phase == BaselineLearner.LearningNormalization || learner.Phase == BaselineLearner.LearningThreshold) && read < normal.Count)
        {
            var window = normal.Row(read++);
            if (learner.Phase == BaselineLearner.LearningNormalization)
            {
                Normalize.Float32(window, learner.Offset, learner.Scale, learner.Scratch);
                learner.AddNormalWindow(learner.Scratch);
                if (learner.Phase != BaselineLearner.LearningNormalization) simulator.SetNormalization(learner.Offset, learner.Scale);
            }
            else learner.AddScore(simulator.Run(window));
        }
        if (learner.Phase != BaselineLearner.Learned)
            throw new DataException($"the learner needs {normalWindows} + {thresholdWindows} normal windows with finite values, and {normal.Name} has {normal.Count}: lower --normal-windows / --threshold-windows or give more normal data.");
        return read;
    }

    private static EmitOptions Options(QuantizedModel q, double sigmas) =>
        new("", "Model", "public", q.Precision == QuantizedPrecision.Int8 ? EmitPrecision.Int8 : EmitPrecision.Int16, EmitTarget.DotNet, "model.evae", true, sigmas);
}
