using System.Text.RegularExpressions;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>What <c>edgevae import</c> needs to know about a safetensors file that did not come from EdgeVae.</summary>
public sealed record ForeignModelOptions
{
    public string Kind { get; init; } = "ae";
    public string Activation { get; init; } = "relu";
    public string OutputActivation { get; init; } = "identity";
    public string Reconstruction { get; init; } = "gaussian";
    public int Channels { get; init; } = 1;
    public int Window { get; init; }
    public string Name { get; init; } = "imported";
}

/// <summary>
/// Model files to and from safetensors. An EdgeVae export is the model file itself in the metadata, written with its
/// parameters out in tensors named after their ops (<c>encoder.0.weight</c> [out, in] — an <c>nn.Sequential</c>'s names —,
/// <c>encoder.0.bias</c>, <c>normalize.offset</c>, …), so export then import gives the same model file: the one writer
/// writes it, the one reader reads it back. A file from elsewhere is read by its tensor names with the architecture
/// given on the command line. Either way nothing is written unless the result passes the model-file reader.
/// </summary>
public static partial class SafeTensorsModels
{
    public const string MetadataKey = "edgevae_model";

    [GeneratedRegex(@"^(encoder|decoder)\.(\d+)\.(weight|bias)$")]
    private static partial Regex LayerTensorName();

    public static (List<SafeTensor> Tensors, Dictionary<string, string> Metadata) Export(ModelDescription model)
    {
        var sink = new Sink();
        string description = ModelFileWriter.Write(model, sink);
        return (sink.Tensors, new Dictionary<string, string> { ["format"] = "edgevae-model", [MetadataKey] = description });
    }

    /// <summary>The model in a safetensors file: from EdgeVae's metadata when present, else by tensor names and <paramref name="foreign"/>.</summary>
    public static ModelDescription Import(IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata, ForeignModelOptions foreign, string path)
    {
        var source = new Source(tensors, path);
        ModelDescription model;
        try
        {
            model = metadata.TryGetValue(MetadataKey, out var text)
                ? ModelFileReader.Read(text, tensors: source)
                : ModelFileReader.Read(ModelFileWriter.Write(Describe(source, foreign, path)));
        }
        catch (ModelFormatException e)
        {
            throw new ModelFileException($"{path}: the {(metadata.ContainsKey(MetadataKey) ? "model description in the metadata" : "tensors")} do not make a valid model: {e.Message}");
        }
        var unused = tensors.Where(t => !source.Used.Contains(t.Name)).Select(t => t.Name).ToList();
        if (unused.Count > 0)
            throw new ModelFileException($"{path}: tensor{(unused.Count > 1 ? "s" : "")} {string.Join(", ", unused.Take(5))}{(unused.Count > 5 ? ", …" : "")} belong to no layer" +
                (metadata.ContainsKey(MetadataKey) ? " of the model described in the metadata." : "; an autoencoder file holds encoder.N.weight/bias, decoder.N.weight/bias and optionally normalization.offset/scale."));
        return model;
    }

    /// <summary>
    /// A model for a file without EdgeVae metadata: dense layers from encoder.N.weight / decoder.N.weight ([out, in]) and
    /// their biases, the optional normalization.offset / normalization.scale, the rest from the options.
    /// </summary>
    private static ModelDescription Describe(Source source, ForeignModelOptions o, string path)
    {
        var layers = new List<(string Role, int Index, SafeTensor Weight)>();
        foreach (var t in source.All)
        {
            var m = LayerTensorName().Match(t.Name);
            if (!m.Success || m.Groups[3].Value != "weight") continue;
            if (t.Shape.Length != 2) throw new ModelFileException($"{path}: tensor \"{t.Name}\" has shape [{string.Join(", ", t.Shape)}]; a dense weight is [out, in].");
            layers.Add((m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), t));
        }
        var encoder = layers.Where(l => l.Role == "encoder").OrderBy(l => l.Index).ToList();
        var decoder = layers.Where(l => l.Role == "decoder").OrderBy(l => l.Index).ToList();
        if (encoder.Count == 0 || decoder.Count == 0)
            throw new ModelFileException($"{path}: no EdgeVae metadata and no encoder.N.weight / decoder.N.weight tensors; name the layers as an nn.Sequential encoder and decoder would.");
        if (!ModelFileFormat.TryParseKind(o.Kind, out var kind)) throw new ArgumentException($"--kind \"{o.Kind}\": use ae, sparse, denoising or vae.");
        var reconstruction = o.Reconstruction switch
        {
            "gaussian" => ReconstructionKind.Gaussian,
            "bernoulli" => ReconstructionKind.Bernoulli,
            var r => throw new ArgumentException($"--reconstruction \"{r}\": use gaussian or bernoulli."),
        };
        var hidden = ActivationNames.Parse(o.Activation);
        var output = ActivationNames.Parse(o.OutputActivation, "--output-activation");
        int inputSize = encoder[0].Weight.Shape[1];
        bool hasNormalization = source.Has("normalization.offset") || source.Has("normalization.scale");
        var ops = new List<Op>
        {
            new NormalizeOp("normalize", hasNormalization ? NormalizationMethod.ZScore : NormalizationMethod.None,
                new(hasNormalization ? Take(source, "normalization.offset", [inputSize]) : new float[inputSize]),
                new(hasNormalization ? Take(source, "normalization.scale", [inputSize]) : Enumerable.Repeat(1f, inputSize).ToArray())),
        };
        string latent = "";
        foreach (var (role, list) in new[] { ("encoder", encoder), ("decoder", decoder) })
            for (int i = 0; i < list.Count; i++)
            {
                var (_, index, weight) = list[i];
                string name = role + "." + index;
                int outs = weight.Shape[0], ins = weight.Shape[1];
                var bias = source.Has(name + ".bias") ? Take(source, name + ".bias", [outs]) : new float[outs];
                ops.Add(new DenseOp(name, ins, outs, new(Take(source, name + ".weight", [outs, ins])), new(bias)));
                bool last = i == list.Count - 1;
                var act = !last ? hidden : role == "encoder" ? ActivationFunction.Identity : output;
                if (act != ActivationFunction.Identity) ops.Add(new ActivationOp(name + "." + ActivationMath.Name(act), act));
                if (last && role == "encoder")
                {
                    latent = ops[^1].Name;
                    if (kind == ModelKind.Variational) ops.Add(new GaussianHeadOp(latent = latent + ".gaussian"));
                }
            }
        var graph = new ModelGraph(TensorShape.Features(inputSize), new(ops.ToArray()), latent);
        var training = new System.Text.Json.Nodes.JsonObject { ["tool"] = "imported from safetensors", ["source"] = Path.GetFileName(path) };
        var data = new DataContract(o.Channels, o.Window, 0, 0, EquatableArray<string>.Empty);
        return new ModelDescription(ModelFileFormat.CurrentVersion, o.Name, kind, reconstruction, data, graph, EquatableArray<Threshold>.Empty, training.ToJsonString());
    }

    private static float[] Take(Source source, string name, int[] shape) =>
        source.Take(name, shape, out string? reason) ?? throw new ModelFileException($"{source.Path}: tensor \"{name}\" {reason}.");

    /// <summary>Collects the tensors the writer puts out of line (safetensors and ONNX exports).</summary>
    internal sealed class Sink : ITensorSink
    {
        public List<SafeTensor> Tensors { get; } = [];

        public void Add(string name, int[] shape, float[] values) => Tensors.Add(new SafeTensor(name, shape, values));
    }

    /// <summary>A file's tensors by name, remembering which the model used.</summary>
    private sealed class Source(IReadOnlyList<SafeTensor> tensors, string path) : ITensorSource
    {
        private readonly Dictionary<string, SafeTensor> _byName = tensors.GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

        public string Path { get; } = path;

        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

        public IEnumerable<SafeTensor> All => _byName.Values;

        public bool Has(string name) => _byName.ContainsKey(name);

        public float[]? Take(string name, int[] shape, out string? reason)
        {
            if (!_byName.TryGetValue(name, out var t))
            {
                reason = "is missing";
                return null;
            }
            if (!t.Shape.SequenceEqual(shape))
            {
                reason = $"has shape [{string.Join(", ", t.Shape)}], the model needs [{string.Join(", ", shape)}]";
                return null;
            }
            Used.Add(name);
            reason = null;
            return t.Values;
        }
    }
}
