extern alias analyzer;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.ModelFiles.Onnx;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Fuzz;

/// <summary>
/// One entry per reader of outside input. Each takes the raw bytes of one input and either succeeds or throws the
/// reader's own error (the clean rejection a user sees as "error: …"); any other exception escapes, and to afl++
/// that is a crash.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The targets, as a constant: the afl++ entry point reads it before instrumented code may run (a constant is compiled into it).</summary>
    public const string NameList = "model generator csv npy idx evr1 safetensors checkpoint onnx wav";

    public static string[] Names => NameList.Split(' ');

    public static void Run(string target, byte[] input)
    {
        try
        {
            switch (target)
            {
                case "model": ModelFileReader.Read(System.Text.Encoding.UTF8.GetString(input)); break;
                case "generator": Generate(System.Text.Encoding.UTF8.GetString(input)); break;
                case "csv": WithFile(input, ".csv", p => CsvReader.Load(p, new DataOptions { Window = 8, Hop = 4, WindowChosen = true })); break;
                case "npy": WithFile(input, ".npy", p => NpyReader.Load(p, null)); break;
                case "idx": WithFile(input, ".idx", p => IdxReader.Read(p)); break;
                case "evr1": WithFile(input, ".bin", ReadRecording); break;
                case "safetensors": WithFile(input, ".safetensors", p =>
                {
                    var (tensors, metadata) = SafeTensorsFile.Read(p);
                    SafeTensorsModels.Import(tensors, metadata, new ForeignModelOptions(), p);
                }); break;
                case "checkpoint": WithFile(input, ".ckpt", p => CheckpointFile.ReadHeader(p)); break;
                case "onnx": OnnxImporter.Import(OnnxFiles.Parse(input, "fuzz.onnx"), new ForeignModelOptions(), null, "fuzz.onnx"); break;
                case "wav": WithFile(input, ".wav", p => WavSource.LoadWhole(p, new DataOptions { Window = 16, Hop = 8 })); break;
                default: throw new InvalidOperationException($"unknown fuzz target {target}; known: {string.Join(", ", Names)}");
            }
        }
        catch (Exception e) when (IsCleanRejection(e)) { }
    }

    /// <summary>The readers' own errors; ArgumentException only as itself (its subclasses come from defects).</summary>
    private static bool IsCleanRejection(Exception e) =>
        e is ModelFormatException or DataException or ModelFileException or CheckpointException or InvalidDataException
        || e.GetType() == typeof(ArgumentException);

    private static void WithFile(byte[] input, string extension, Action<string> read)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgevae-fuzz-{Environment.ProcessId}{extension}");
        File.WriteAllBytes(path, input);
        try { read(path); }
        finally { File.Delete(path); }
    }

    private static void ReadRecording(string path)
    {
        using var r = NativeAotMonitor.Recording.Open(path);
        Span<float> sample = stackalloc float[Math.Min(r.Channels, 4096)];
        for (int steps = 0; steps < 1_000_000 && r.Next(sample, out _); steps++) { }
        if (r.TrailingTruth() is { } labels) foreach (var _ in labels) { }
    }

    private static readonly Lazy<CSharpCompilation> Compilation = new(() => CSharpCompilation.Create("Fuzz",
        [CSharpSyntaxTree.ParseText("using EdgeVae; namespace Demo { [EdgeVaeModel(\"m.evae\", Precision = EdgeVaePrecision.Int8)] public static partial class M; }",
            new CSharpParseOptions(LanguageVersion.Latest))],
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(EdgeVae.Runtime.IAnomalyScorer).Assembly.Location)],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)));

    /// <summary>The generator in process, as the compiler runs it: it must report, never throw or fail internally (EVAE012).</summary>
    private static void Generate(string text)
    {
        var driver = CSharpGeneratorDriver.Create([new analyzer::EdgeVae.Generator.SourceGeneration.EdgeVaeGenerator().AsSourceGenerator()],
            [new InMemoryText("m.evae", text)], new CSharpParseOptions(LanguageVersion.Latest));
        var result = driver.RunGenerators(Compilation.Value).GetRunResult();
        if (result.Results[0].Exception is { } e) throw new InvalidOperationException("the generator threw", e);
        if (result.Diagnostics.FirstOrDefault(d => d.Id == "EVAE012") is { } internalError) throw new InvalidOperationException(internalError.GetMessage());
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
