using Xunit.Abstractions;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;

namespace EdgeVae.Compiler.Tests.ModelFormat;

/// <summary>Model files carry a checksum of their parsed content that every read verifies.</summary>
public class ChecksumTests(ITestOutputHelper output)
{
    private static readonly string Sealed = ModelFileWriter.Write(SmallModels.Small());

    [Fact]
    public void Written_files_are_sealed_and_reformatting_keeps_the_seal()
    {
        Assert.Matches("\"checksum\": \"sha256:[0-9a-f]{64}\"", Sealed);
        var warnings = new List<string>();
        var model = ModelFileReader.Read(Sealed, warnings: warnings);
        Assert.Empty(warnings);
        // Line endings, indentation and the spelling of numbers are not content.
        foreach (var reformatted in new[] { Sealed.Replace("\n", "\r\n"), Sealed.Replace("\n  ", "\n\t\t"), Sealed.Replace("\"value\": 0.123456789", "\"value\": 1.23456789e-1") })
            Assert.Equal(model, ModelFileReader.Read(reformatted));
    }

    [Fact]
    public void A_changed_value_is_refused_naming_the_checksum_and_the_fix_and_seal_makes_the_edit_valid()
    {
        string edited = Sealed.Replace("\"value\": 0.123456789", "\"value\": 0.5");
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(edited));
        Assert.Equal(ModelFormatError.ChecksumMismatch, e.Error);
        Assert.Contains("edgevae seal", e.Reason);
        Assert.Equal(edited.Split('\n').ToList().FindIndex(l => l.Contains("\"checksum\"")) + 1, e.Line);
        string resealed = ModelChecksum.Seal(edited);
        Assert.Equal(0.5f, ModelFileReader.Read(resealed).Thresholds[0].Value);
        // Sealing changes the checksum's value only: the hand edit's text is kept line for line.
        var before = edited.Split('\n');
        var after = resealed.Split('\n');
        Assert.Equal(before.Length, after.Length);
        Assert.Single(before.Zip(after), p => p.First != p.Second);
    }

    [Fact]
    public void A_file_without_a_checksum_loads_with_a_warning_and_sealing_appends_one()
    {
        string unsealed = System.Text.RegularExpressions.Regex.Replace(Sealed, ",\\s*\"checksum\": \"[^\"]*\"", ""); // as written before checksums
        var warnings = new List<string>();
        var model = ModelFileReader.Read(unsealed, warnings: warnings);
        Assert.Contains("no checksum", Assert.Single(warnings));
        Assert.Equal(Sealed, ModelChecksum.Seal(unsealed));
        Assert.Equal(model, ModelFileReader.Read(ModelChecksum.Seal(unsealed)));
    }

    /// <summary>
    /// Every single-byte change of a sealed file (each position, three replacement bytes) either is refused or leaves the
    /// parsed model equal to the original (a change inside whitespace): nothing loads with different numbers.
    /// </summary>
    [Fact]
    public void No_single_byte_change_loads_as_a_different_model()
    {
        var original = ModelFileReader.Read(Sealed);
        int tried = 0, refused = 0, harmless = 0;
        var replacements = new[] { (byte)'0', (byte)'7', (byte)'A', (byte)' ' };
        var bytes = System.Text.Encoding.UTF8.GetBytes(Sealed);
        for (int i = 0; i < bytes.Length; i++)
            foreach (byte b in replacements)
            {
                if (bytes[i] == b) continue;
                var damaged = (byte[])bytes.Clone();
                damaged[i] = b;
                tried++;
                try
                {
                    var m = ModelFileReader.Read(System.Text.Encoding.UTF8.GetString(damaged));
                    Assert.True(m == original, $"byte {i} ('{(char)bytes[i]}' → '{(char)b}') loaded as a different model");
                    harmless++;
                }
                catch (ModelFormatException) { refused++; }
            }
        Assert.Equal(tried, refused + harmless);
        output.WriteLine($"{tried} single-byte changes: {refused} refused, {harmless} harmless (whitespace), 0 loaded as another model");
        Assert.True(refused > tried * 9 / 10, $"{refused} of {tried} refused");
    }
}
