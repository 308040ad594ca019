using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.Tests;

/// <summary>Small, real inputs shared by the tests: the built-in motor data, normalised as training would.</summary>
internal static class TestData
{
    private static readonly Lazy<DataSplits> MotorSplits = new(() => MotorSignalGenerator.Splits());

    public static DataSplits Motor => MotorSplits.Value;

    /// <summary>The first <paramref name="train"/> training and <paramref name="validation"/> validation windows, z-scored.</summary>
    public static (float[] Train, int TrainCount, float[] Validation, int ValidationCount, NormalizeOp Norm, int Width) MotorNormalized(int train, int validation)
    {
        var splits = Motor;
        var tr = splits.Train.Subset(Enumerable.Range(0, train).ToArray());
        var va = splits.Validation.Subset(Enumerable.Range(0, validation).ToArray());
        var norm = Normalizer.Fit(tr, NormalizationMethod.ZScore);
        return (Normalizer.Apply(norm, tr), train, Normalizer.Apply(norm, va), validation, norm, tr.Width);
    }

    public static string TempPath(string name) =>
        Path.Combine(Path.GetTempPath(), "edgevae-tests", Guid.NewGuid().ToString("N"), name);
}
