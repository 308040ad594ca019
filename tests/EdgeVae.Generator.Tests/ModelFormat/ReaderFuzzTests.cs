using EdgeVae.Generator.ModelFormat;
using EdgeVae.Tests.Shared;

namespace EdgeVae.Generator.Tests.ModelFormat;

/// <summary>Random mutations of a valid model file: the reader accepts or rejects, it never throws anything else.</summary>
public class ReaderFuzzTests
{
    private const string JsonChars = "{}[]\",:-0123456789eE.\\u\n";

    private static string Mutate(string text, Random rng)
    {
        var chars = text.ToCharArray().ToList();
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && chars.Count > 0; e++)
        {
            int i = rng.Next(chars.Count);
            switch (rng.Next(7))
            {
                case 0: chars[i] = (char)rng.Next(32, 127); break;                 // replace
                case 1: chars.RemoveAt(i); break;                                   // delete
                case 2: chars.Insert(i, JsonChars[rng.Next(JsonChars.Length)]); break; // insert JSON-ish
                case 3: chars.RemoveRange(i, chars.Count - i); break;               // truncate
                case 4:                                                              // duplicate a stretch
                    int from = rng.Next(chars.Count);
                    chars.InsertRange(i, chars.GetRange(from, Math.Min(40, chars.Count - from)));
                    break;
                case 5: chars[i] = (char)rng.Next(0, 0x3000); break;                // any character
                default:                                                             // change a digit
                    int d = new string(chars.ToArray()).IndexOfAny("0123456789".ToCharArray(), i);
                    if (d >= 0 && d < chars.Count) chars[d] = (char)('0' + rng.Next(10));
                    break;
            }
        }
        return new string(chars.ToArray());
    }

    [Fact]
    public void Ten_thousand_mutations_never_throw_anything_but_a_format_error()
    {
        string valid = ModelFileWriter.Write(ModelFileRoundTripTests.Small());
        var rng = new Random(12345);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 10_000; i++)
        {
            string text = Mutate(valid, rng);
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

    [Fact]
    public void The_generator_survives_mutated_files()
    {
        string valid = ModelFileWriter.Write(ModelFileRoundTripTests.Small());
        var rng = new Random(777);
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.ModelSource());
        for (int i = 0; i < 300; i++)
        {
            var driver = GeneratorHarness.Driver([new InMemoryAdditionalText("model.evae", Mutate(valid, rng))]).RunGenerators(compilation);
            var result = driver.GetRunResult().Results[0];
            Assert.Null(result.Exception);
        }
    }
}
