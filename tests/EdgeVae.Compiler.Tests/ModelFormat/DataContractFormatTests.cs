using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;

namespace EdgeVae.Compiler.Tests.ModelFormat;

/// <summary>The data contract's source (how a user's file is read) is part of the model file, read back exactly and checked.</summary>
public class DataContractFormatTests
{
    private static ModelDescription WithSource(string kind = "csv")
    {
        var m = SmallModels.Small();
        var source = new SourceContract(kind, new(["x", "y"]), new(["id", "note"]), "status", "time", new(["ok", "leak"]));
        return m with { Data = m.Data with { Source = source } };
    }

    [Fact]
    public void The_source_round_trips_and_a_file_without_one_reads_as_before()
    {
        var model = WithSource();
        string text = ModelFileWriter.Write(model);
        Assert.Contains("\"source\"", text);
        var back = ModelFileReader.Read(text);
        Assert.Equal(model, back);
        Assert.Equal(model.Data.Source, back.Data.Source);
        Assert.Equal(text, ModelFileWriter.Write(back));
        Assert.Null(ModelFileReader.Read(ModelFileWriter.Write(SmallModels.Small())).Data.Source);
    }

    [Theory]
    [InlineData("\"kind\": \"csv\"", "\"kind\": \"xlsx\"", "data.source.kind must be one of csv, npy, idx, wav, builtin, fashion-mnist")]
    [InlineData("\"columns\": [\"x\", \"y\"]", "\"columns\": [\"x\"]", "data.source.columns has 1 names for 2 channels")]
    [InlineData("\"time_column\": \"time\"", "\"time_column\": \"time\", \"label\": \"status\"", "unknown member \"label\"")]
    public void A_damaged_source_is_refused_with_the_reason(string from, string to, string reason)
    {
        string text = ModelFileWriter.Write(WithSource());
        Assert.Contains(from, text);
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelChecksum.Seal(text.Replace(from, to))));
        Assert.Contains(reason, e.Reason);
    }
}
