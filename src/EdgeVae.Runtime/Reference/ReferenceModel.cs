using System.Buffers.Binary;
using System.Text.Json;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Reference;

/// <summary>One dense layer of a model file: y = act(W·x + b), W [Out, In] row-major.</summary>
public sealed record ReferenceLayer(string Name, bool IsEncoder, int In, int Out, ActivationFunction Activation, float[] Weight, float[] Bias);

/// <summary>A model file read at run time (System.Text.Json's reader: no reflection, trim- and AOT-safe).</summary>
public sealed class ReferenceModel
{
    private ReferenceModel(string name, string kind, bool bernoulli, int inputSize, int latent, int channels, float[] offset, float[] scale,
        ReferenceLayer[] layers, float threshold)
    {
        Name = name;
        Kind = kind;
        Bernoulli = bernoulli;
        InputSize = inputSize;
        LatentSize = latent;
        Channels = channels;
        Offset = offset;
        Scale = scale;
        Layers = layers;
        Threshold = threshold;
    }

    public string Name { get; }

    /// <summary>"ae", "sparse", "denoising" or "vae".</summary>
    public string Kind { get; }

    public bool Bernoulli { get; }

    public int InputSize { get; }

    public int LatentSize { get; }

    public int Channels { get; }

    public float[] Offset { get; }

    public float[] Scale { get; }

    public IReadOnlyList<ReferenceLayer> Layers { get; }

    /// <summary>The float32 threshold (or +∞ when the file has none).</summary>
    public float Threshold { get; }

    public static ReferenceModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file.", path);
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a usable EdgeVae model file ({e.Message}).", e);
        }
    }

    public static ReferenceModel Parse(ReadOnlySpan<byte> utf8)
    {
        using var doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        var root = doc.RootElement;
        if (root.GetProperty("format").GetString() != "edgevae-model") throw new InvalidDataException("\"format\" is not \"edgevae-model\"");
        if (root.GetProperty("version").GetInt32() != 1) throw new InvalidDataException("unsupported format version (this runtime reads version 1)");
        string kind = root.GetProperty("kind").GetString()!;
        var input = root.GetProperty("input");
        int size = input.GetProperty("size").GetInt32(), channels = input.GetProperty("channels").GetInt32();
        int latent = root.GetProperty("latent").GetInt32();
        bool bernoulli = root.GetProperty("reconstruction").GetString() == "bernoulli";
        var norm = root.GetProperty("normalization");
        var offset = Floats(norm.GetProperty("offset"), size, "normalization.offset");
        var scale = Floats(norm.GetProperty("scale"), size, "normalization.scale");
        var layers = new List<ReferenceLayer>();
        int width = size;
        foreach (var l in root.GetProperty("layers").EnumerateArray())
        {
            string name = l.GetProperty("name").GetString()!;
            bool encoder = l.GetProperty("role").GetString() == "encoder";
            int inF = l.GetProperty("in").GetInt32(), outF = l.GetProperty("out").GetInt32();
            if (!encoder && layers.Count > 0 && layers[^1].IsEncoder) width = latent; // the decoder starts from the code (μ for a VAE)
            if (inF != width) throw new InvalidDataException($"layer {name} takes {inF} inputs but the previous width is {width}");
            var act = l.GetProperty("activation").GetString() switch
            {
                "identity" => ActivationFunction.Identity,
                "relu" => ActivationFunction.Relu,
                "leaky_relu" => ActivationFunction.LeakyRelu,
                "sigmoid" => ActivationFunction.Sigmoid,
                "tanh" => ActivationFunction.Tanh,
                "softplus" => ActivationFunction.Softplus,
                var a => throw new InvalidDataException($"layer {name}: unknown activation {a}"),
            };
            layers.Add(new ReferenceLayer(name, encoder, inF, outF, act, Floats(l.GetProperty("weight"), checked(inF * outF), name + ".weight"), Floats(l.GetProperty("bias"), outF, name + ".bias")));
            width = outF;
        }
        if (width != size) throw new InvalidDataException($"the decoder ends with width {width}, the input size is {size}");
        float threshold = float.PositiveInfinity;
        if (root.TryGetProperty("thresholds", out var ts))
            foreach (var t in ts.EnumerateArray())
                if (t.GetProperty("precision").GetString() == "float32") threshold = (float)t.GetProperty("value").GetDouble();
        return new ReferenceModel(root.GetProperty("name").GetString()!, kind, bernoulli, size, latent, channels, offset, scale, layers.ToArray(), threshold);
    }

    private static float[] Floats(JsonElement e, int expected, string what)
    {
        byte[] bytes = Convert.FromBase64String(e.GetString()!);
        if (bytes.Length != expected * 4) throw new InvalidDataException($"{what} has {bytes.Length / 4} values, expected {expected}");
        var values = new float[expected];
        for (int i = 0; i < expected; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
            if (!float.IsFinite(values[i])) throw new InvalidDataException($"{what}[{i}] is not finite");
        }
        return values;
    }
}
