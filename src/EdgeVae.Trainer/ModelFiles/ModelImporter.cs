using System.Numerics;
using System.Text.Json.Nodes;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>Reads model files and rebuilds the network they describe in any precision.</summary>
public static class ModelImporter
{
    /// <summary>Reads and validates a model file; errors name the file, line and column.</summary>
    public static ModelDescription Load(string path)
    {
        if (!File.Exists(path)) throw new ModelFileException($"{path}: no such model file.");
        string text = File.ReadAllText(path);
        try
        {
            var warnings = new List<string>();
            var model = ModelFileReader.Read(text, warnings: warnings);
            foreach (var w in warnings) Console.Error.WriteLine($"warning: {path}: {w}");
            return model;
        }
        catch (ModelFormatException e)
        {
            throw new ModelFileException($"{path}:{(e.Line > 0 ? $"{e.Line}:{e.Column}:" : "")} {e.Reason}");
        }
    }

    /// <summary>The training section as JSON (an empty object when absent; the reader guarantees an object otherwise).</summary>
    public static JsonObject Training(ModelDescription model) =>
        model.TrainingJson.Length == 0 ? [] : JsonNode.Parse(model.TrainingJson) as JsonObject ?? [];

    /// <summary>A string member of the training record, or null; a member of another type is an error naming it.</summary>
    public static string? TrainingText(ModelDescription model, string key) => Training(model)[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        var other => throw new ModelFileException($"{model.Name}: training.{key} is {other.ToJsonString()}, not a string."),
    };

    /// <summary>A numeric member of the training record, or null; a member of another type is an error naming it.</summary>
    public static double? TrainingNumber(ModelDescription model, string key) => Training(model)[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out double d) && double.IsFinite(d) => d,
        var other => throw new ModelFileException($"{model.Name}: training.{key} is {other.ToJsonString()}, not a number."),
    };

    /// <summary>The objective a model file's network was trained with (the graph itself gives its architecture).</summary>
    public static AutoencoderConfig ConfigOf(ModelDescription m)
    {
        SparsityPenalty? sparsity = null;
        Corruption? corruption = null;
        try
        {
            if (m.Kind == ModelKind.Sparse)
                sparsity = TrainingText(m, "sparsity") is string s ? SparsityPenalty.Parse(s)
                    : m.Graph[m.Graph.LatentIndex] is Compiler.Graph.ActivationOp { Function: Contract.ActivationFunction.Sigmoid }
                        ? new SparsityPenalty(SparsityKind.KlDivergence, 0) : new SparsityPenalty(SparsityKind.L1, 0);
            if (m.Kind == ModelKind.Denoising)
            {
                corruption = TrainingText(m, "noise") is string n ? Corruption.Parse(n) : new Corruption(CorruptionKind.Gaussian, 0);
                corruption = corruption with { Low = TrainingNumber(m, "noise_low") ?? 0, High = TrainingNumber(m, "noise_high") ?? 1 };
            }
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException($"{m.Name}: the training record is damaged: {e.Message}");
        }
        return new AutoencoderConfig
        {
            Kind = m.Kind,
            InputSize = m.FeatureSize,
            Channels = m.Data.Channels,
            // The network's input as training saw it: one chain's features form a window of frames; branches, a table.
            Window = m.FrontEnd is { } frontEnd ? frontEnd.Single?.ChannelFeatures ?? 0 : m.Data.Window,
            Hidden = [],
            Latent = m.LatentSize,
            Reconstruction = m.Reconstruction,
            Sparsity = sparsity,
            Corruption = corruption,
            Beta = TrainingNumber(m, "beta") ?? 1,
        };
    }

    /// <summary>The network in precision T with the file's weights (float32 values, converted exactly).</summary>
    public static Autoencoder<T> Build<T>(ModelDescription m)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T> =>
        new(ConfigOf(m), m.Graph, null);
}

/// <summary>A model file the trainer cannot use.</summary>
public sealed class ModelFileException(string message) : Exception(message);
