using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;

namespace EdgeVae.Compiler.Tests.ModelFormat;

/// <summary>Random mutations of a valid model file: the reader accepts or rejects, it never throws anything else.</summary>
public class ReaderFuzzTests
{
    [Fact]
    public void Ten_thousand_mutations_never_throw_anything_but_a_format_error()
    {
        string valid = ModelFileWriter.Write(SmallModels.Small());
        var rng = new Random(12345);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 10_000; i++)
        {
            string text = Mutations.Mutate(valid, rng);
            try
            {
                ModelFileReader.Read(text);
                accepted++;
            }
            catch (ModelFormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Reason));
                rejected++;
            }
        }
        Assert.True(rejected > 5000, $"{rejected} rejected, {accepted} accepted");
    }
}
