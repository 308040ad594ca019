namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// Generated code on a window holding a non-finite value: the score is not finite (NaN or infinite, never a number that could pass
/// for normal) and IsAnomaly is true, in every precision, for the dense and the convolutional model.
/// </summary>
public class NonFiniteInputTests
{
    [Theory]
    [InlineData("Int8", "dense")]
    [InlineData("Int16", "dense")]
    [InlineData("Float32", "dense")]
    [InlineData("Int8", "conv")]
    [InlineData("Int16", "conv")]
    [InlineData("Float32", "conv")]
    public void A_window_with_a_nan_or_an_infinity_scores_non_finite_and_is_an_anomaly(string precision, string which)
    {
        var model = which == "conv" ? TrainedModels.Conv : TrainedModels.Motor;
        var g = new GeneratedModel(model, precision);
        var score = g.Method<ScoreFn>("Score");
        var isAnomaly = g.Method<IsAnomalyFn>("IsAnomaly");
        var windows = TrainedModels.MotorWindows(50);
        var clean = Enumerable.Range(0, 50).Select(i => windows.Row(i).ToArray()).First(w => !isAnomaly(w)); // a window judged normal
        Assert.True(float.IsFinite(score(clean)));
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            foreach (int at in new[] { 0, 37, clean.Length - 1 })
            {
                var x = (float[])clean.Clone();
                x[at] = bad;
                Assert.True(!float.IsFinite(score(x)), $"{precision} {which}: {bad} at {at} scored {score(x)}");
                Assert.True(isAnomaly(x), $"{precision} {which}: {bad} at {at} judged normal");
            }
    }
}
