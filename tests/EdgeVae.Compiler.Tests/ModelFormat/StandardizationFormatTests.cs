using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;

namespace EdgeVae.Compiler.Tests.ModelFormat;

/// <summary>A "standardized" threshold keeps its per-feature mean and weight in the file, and a damaged one is refused with the reason.</summary>
public class StandardizationFormatTests
{
    private static ModelDescription WithStandardization(float weight0 = 2.5f)
    {
        var m = SmallModels.Small();
        var z = new ResidualStandardization(new([0.01f, -0.02f, 0, 0.5f, 1e-3f, -0.25f]), new([weight0, 1, 4, 0.5f, 8, 3]), 0.0125);
        return m with { Thresholds = new([new Threshold("int8", "standardized", 1.75, "percentile", 99, 300, 1, 0.2, 0.95, 2.1, z)]) };
    }

    [Fact]
    public void Write_then_read_keeps_the_mean_the_weights_and_the_floor()
    {
        var model = WithStandardization();
        string text = ModelFileWriter.Write(model);
        Assert.Contains("\"standardization\"", text);
        var back = ModelFileReader.Read(text);
        Assert.Equal(model, back);
        Assert.Equal(new float[] { 2.5f, 1, 4, 0.5f, 8, 3 }, back.ThresholdFor("int8")!.Standardization!.Weight.AsArray());
        Assert.Equal(text, ModelFileWriter.Write(back));
    }

    [Fact]
    public void A_standardized_threshold_without_its_standardization_is_refused()
    {
        var m = SmallModels.Small();
        string text = ModelFileWriter.Write(m).Replace("\"score\": \"mse\"", "\"score\": \"standardized\"");
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelChecksum.Seal(text)));
        Assert.Contains("needs its \"standardization\"", e.Reason);
        Assert.Contains("--score standardized", e.Reason);
    }

    [Theory]
    [InlineData("\"score\": \"standardized\"", "\"score\": \"mse\"", "a \"mse\" threshold has no \"standardization\"")]
    [InlineData("\"floor\": 0.0125", "\"floor\": 0", "floor must be positive")]
    [InlineData("\"floor\": 0.0125", "\"floor\": 0.0125, \"extra\": 1", "unknown member \"extra\"")]
    [InlineData("\"score\": \"standardized\"", "\"score\": \"mahalanobis\"", "must be \"mse\", \"standardized\" or \"neg_elbo\"")]
    public void A_damaged_standardization_is_refused_with_the_reason(string from, string to, string reason)
    {
        string text = ModelFileWriter.Write(WithStandardization());
        Assert.Contains(from, text);
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelChecksum.Seal(text.Replace(from, to))));
        Assert.Contains(reason, e.Reason);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void A_weight_that_is_not_positive_and_arrays_of_another_width_are_refused()
    {
        var zero = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelFileWriter.Write(WithStandardization(weight0: 0))));
        Assert.Contains("weight[0] is 0", zero.Reason);
        var m = WithStandardization();
        var t = m.Thresholds[0];
        var narrow = m with { Thresholds = new([t with { Standardization = t.Standardization! with { Mean = new([0f, 1, 2]) } }]) };
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelFileWriter.Write(narrow)));
        Assert.Contains("\"mean\" has 3 values, expected 6", e.Reason);
    }
}
