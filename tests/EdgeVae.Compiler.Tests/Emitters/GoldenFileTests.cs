using System.Runtime.CompilerServices;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Tests.Shared;
using EdgeVae.Compiler.Emitters.DotNet;
using EdgeVae.Compiler.Emitters.NanoFramework;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.Tests.Emitters;

/// <summary>
/// The generated source for a small fixed model, compared with files under Golden/. After an intended change to
/// the emitter, regenerate them with <c>EDGEVAE_UPDATE_GOLDEN=1 dotnet test tests/EdgeVae.Compiler.Tests</c> and
/// review the diff.
/// </summary>
public class GoldenFileTests
{
    [Theory]
    [InlineData(ModelKind.Autoencoder, EmitTarget.DotNet, EmitPrecision.Int8)]
    [InlineData(ModelKind.Autoencoder, EmitTarget.DotNet, EmitPrecision.Int16)]
    [InlineData(ModelKind.Autoencoder, EmitTarget.DotNet, EmitPrecision.Float32)]
    [InlineData(ModelKind.Variational, EmitTarget.DotNet, EmitPrecision.Int8)]
    [InlineData(ModelKind.Autoencoder, EmitTarget.NanoFramework, EmitPrecision.Int8)]
    [InlineData(ModelKind.Variational, EmitTarget.NanoFramework, EmitPrecision.Int8)]
    public void Generated_source_matches_the_golden_file(ModelKind kind, EmitTarget target, EmitPrecision precision)
    {
        string className = kind == ModelKind.Variational ? "TestVae" : "TestModel";
        var options = new EmitOptions("Demo", className, "public", precision, target, "model.evae");
        var model = SmallModels.Small(kind);
        string actual = target == EmitTarget.NanoFramework ? NanoFrameworkEmitter.Emit(model, options).Source : DotNetEmitter.Emit(model, options).Source;
        string name = className + (target == EmitTarget.NanoFramework ? ".nanoframework." : ".") + options.PrecisionName + ".g.cs.txt";
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
