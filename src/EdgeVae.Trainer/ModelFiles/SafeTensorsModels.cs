using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

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
/// Model files to and from safetensors. Tensors are named as PyTorch names an <c>nn.Sequential</c> encoder and
/// decoder (<c>encoder.N.weight</c> [out, in], <c>encoder.N.bias</c>, <c>decoder.N.…</c>) plus
/// <c>normalization.offset</c> and <c>normalization.scale</c>; everything else an EdgeVae model holds (kind, layout,
/// activations, ranges, thresholds, training record) travels as JSON in the metadata, so export then import gives
/// the same model file. A file from elsewhere is read by its tensor names with the architecture given on the command
/// line; either way the result passes the model-file reader's validation before anything is written.
/// </summary>
public static partial class SafeTensorsModels
{
    public const string MetadataKey = "edgevae_model";

    [GeneratedRegex(@"^(encoder|decoder)\.(\d+)\.(weight|bias)$")]
    private static partial Regex LayerTensorName();

    public static (List<SafeTensor> Tensors, Dictionary<string, string> Metadata) Export(ModelDescription model)
    {
        var json = JsonNode.Parse(ModelFileWriter.Write(model))!.AsObject();
        var tensors = new List<SafeTensor>
        {
            new("normalization.offset", [model.InputSize], model.Normalization.Offset.ToArray()),
            new("normalization.scale", [model.InputSize], model.Normalization.Scale.ToArray()),
        };
        json["normalization"]!.AsObject().Remove("offset");
        json["normalization"]!.AsObject().Remove("scale");
        var layers = json["layers"]!.AsArray();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var l = model.Layers[i];
            string name = TensorPrefix(model, i);
            tensors.Add(new(name + ".weight", [l.OutFeatures, l.InFeatures], l.Weight.ToArray()));
            tensors.Add(new(name + ".bias", [l.OutFeatures], l.Bias.ToArray()));
            layers[i]!.AsObject().Remove("weight");
            layers[i]!.AsObject().Remove("bias");
        }
        return (tensors, new Dictionary<string, string> { ["format"] = "edgevae-model", [MetadataKey] = json.ToJsonString() });
    }

    /// <summary>Layer i's tensor prefix: its role and its position within the role (encoder.0, encoder.1, decoder.0, …).</summary>
    private static string TensorPrefix(ModelDescription model, int i)
    {
        var role = model.Layers[i].Role;
        int index = 0;
        for (int j = 0; j < i; j++) if (model.Layers[j].Role == role) index++;
        return (role == LayerRole.Encoder ? "encoder." : "decoder.") + index;
    }

    /// <summary>The model in a safetensors file: from EdgeVae's metadata when present, else by tensor names and <paramref name="foreign"/>.</summary>
    public static ModelDescription Import(IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata, ForeignModelOptions foreign, string path)
    {
        var byName = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        foreach (var t in tensors) byName[t.Name] = t;
        var used = new HashSet<string>(StringComparer.Ordinal);
        bool fromEdgeVae = metadata.TryGetValue(MetadataKey, out var text);
        JsonObject json = fromEdgeVae ? ParseMetadata(text!, path) : Describe(byName, foreign, path);

        int inputSize = Int(json["input"] as JsonObject, "size", "input.size");
        var normalization = json["normalization"] as JsonObject ?? throw Malformed("normalization");
        bool hasNormalization = byName.ContainsKey("normalization.offset") || byName.ContainsKey("normalization.scale");
        normalization["offset"] = FloatArrayCodec.Encode(hasNormalization ? Take("normalization.offset", [inputSize]) : new float[inputSize]);
        normalization["scale"] = FloatArrayCodec.Encode(hasNormalization ? Take("normalization.scale", [inputSize]) : Enumerable.Repeat(1f, inputSize).ToArray());

        var layers = json["layers"] as JsonArray ?? throw Malformed("layers");
        var perRole = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in layers)
        {
            var layer = node as JsonObject ?? throw Malformed("layers[]");
            string role = Text(layer, "role"), name = Text(layer, "name");
            int index = perRole.TryGetValue(role, out int seen) ? seen : 0;
            perRole[role] = index + 1;
            int inFeatures = Int(layer, "in", "layer in"), outFeatures = Int(layer, "out", "layer out");
            // EdgeVae's files name tensors by position within the role; foreign ones keep their own indices (encoder.0, encoder.2, …).
            string prefix = fromEdgeVae ? role + "." + index : name;
            layer["weight"] = FloatArrayCodec.Encode(Take(prefix + ".weight", [outFeatures, inFeatures]));
            layer["bias"] = FloatArrayCodec.Encode(fromEdgeVae || byName.ContainsKey(prefix + ".bias") ? Take(prefix + ".bias", [outFeatures]) : new float[outFeatures]);
        }
        var unused = tensors.Where(t => !used.Contains(t.Name)).Select(t => t.Name).ToList();
        if (unused.Count > 0)
            throw new ModelFileException($"{path}: tensor{(unused.Count > 1 ? "s" : "")} {string.Join(", ", unused.Take(5))}{(unused.Count > 5 ? ", …" : "")} belong to no layer; an autoencoder file holds encoder.N.weight/bias, decoder.N.weight/bias and optionally normalization.offset/scale.");
        try
        {
            return ModelFileReader.Read(json.ToJsonString());
        }
        catch (ModelFormatException e)
        {
            throw new ModelFileException($"{path}: the tensors do not make a valid model: {e.Reason}");
        }

        ModelFileException Malformed(string what) => new($"{path}: the model description in the metadata has no valid {what}.");

        int Int(JsonObject? o, string key, string what) =>
            o?[key] is JsonValue v && v.TryGetValue(out int i) ? i : throw Malformed(what);

        string Text(JsonObject o, string key) =>
            o[key] is JsonValue v && v.TryGetValue(out string? t) ? t : throw Malformed("layer " + key);

        float[] Take(string name, int[] shape)
        {
            if (!byName.TryGetValue(name, out var t)) throw new ModelFileException($"{path}: tensor \"{name}\" is missing.");
            if (!t.Shape.SequenceEqual(shape))
                throw new ModelFileException($"{path}: tensor \"{name}\" has shape [{string.Join(", ", t.Shape)}], the model needs [{string.Join(", ", shape)}].");
            used.Add(name);
            return t.Values;
        }
    }

    private static JsonObject ParseMetadata(string text, string path)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new ModelFileException($"{path}: metadata {MetadataKey} is not a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ModelFileException($"{path}: metadata {MetadataKey} is not valid JSON ({e.Message}).");
        }
    }

    /// <summary>A model description for a file without EdgeVae metadata: layers from the tensor names, the rest from the options.</summary>
    private static JsonObject Describe(Dictionary<string, SafeTensor> tensors, ForeignModelOptions o, string path)
    {
        var layers = new List<(string Role, int Index, SafeTensor Weight)>();
        foreach (var t in tensors.Values)
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
        int inputSize = encoder[0].Weight.Shape[1];
        int encoderOut = encoder[^1].Weight.Shape[0];
        int latent = o.Kind == "vae" ? encoderOut / 2 : encoderOut;
        var array = new JsonArray();
        foreach (var (role, index, weight) in encoder.Concat(decoder))
        {
            bool lastOfRole = (role == "encoder" ? encoder[^1].Index : decoder[^1].Index) == index;
            array.Add(new JsonObject
            {
                ["name"] = role + "." + index,
                ["role"] = role,
                ["in"] = weight.Shape[1],
                ["out"] = weight.Shape[0],
                ["activation"] = !lastOfRole ? o.Activation : role == "encoder" ? "identity" : o.OutputActivation,
            });
        }
        return new JsonObject
        {
            ["format"] = "edgevae-model",
            ["version"] = 1,
            ["name"] = o.Name,
            ["kind"] = o.Kind,
            ["input"] = new JsonObject { ["size"] = inputSize, ["channels"] = o.Channels, ["window"] = o.Window },
            ["latent"] = latent,
            ["reconstruction"] = o.Reconstruction,
            ["normalization"] = new JsonObject { ["method"] = tensors.ContainsKey("normalization.offset") ? "zscore" : "none" },
            ["layers"] = array,
            ["training"] = new JsonObject { ["tool"] = "imported from safetensors", ["source"] = Path.GetFileName(path) },
        };
    }
}
