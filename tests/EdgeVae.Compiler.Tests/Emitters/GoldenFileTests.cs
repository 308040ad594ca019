using System.Runtime.CompilerServices;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Tests.Shared;
using EdgeVae.Compiler.Emitters.DotNet;

namespace EdgeVae.Compiler.Tests.Emitters;

/// <summary>
/// The generated source for a small fixed model, compared with files under Golden/. After an intended change to
/// the emitter, regenerate them with <c>EDGEVAE_UPDATE_GOLDEN=1 dotnet test tests/EdgeVae.Compiler.Tests</c> and
/// review the diff.
/// </summary>
public class GoldenFileTests
{
    [Theory]
    [InlineData(EmitPrecision.Int8)]
    [InlineData(EmitPrecision.Int16)]
    [InlineData(EmitPrecision.Float32)]
    public void Generated_source_matches_the_golden_file(EmitPrecision precision)
    {
        var options = new EmitOptions("Demo", "TestModel", "public", precision, EmitTarget.DotNet, "model.evae");
        string actual = DotNetEmitter.Emit(SmallModels.Small(), options).Source;
        string name = $"TestModel.{options.PrecisionName}.g.cs.txt";
        if (Environment.GetEnvironmentVariable("EDGEVAE_UPDATE_GOLDEN") == "1")
        {
            // Written into the source tree (the golden files are copied to the output directory at build time).
            File.WriteAllText(Path.Combine(SourceGoldenDirectory(), name), actual);
            return;
        }
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        Assert.True(File.Exists(path), $"{path} is missing; create it with EDGEVAE_UPDATE_GOLDEN=1.");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string SourceGoldenDirectory([CallerFilePath] string self = "")
    {
        string dir = Path.Combine(Path.GetDirectoryName(self)!, "..", "Golden");
        if (!Directory.Exists(dir)) throw new InvalidOperationException($"Cannot find the source folder of the golden files from {self}; update them in a non-CI build.");
        return dir;
    }
}
