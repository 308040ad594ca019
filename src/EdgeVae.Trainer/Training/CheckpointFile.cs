using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.Training;

/// <summary>
/// Checkpoints: the run description, normalisation, parameters, optimizer moments, random state, history
/// and the position inside the current epoch, as JSON. IEEE values are stored as base64 of their exact
/// binary64 value; arbitrary-precision values as exact decimal strings. Written atomically.
/// </summary>
public static class CheckpointFile
{
    public const int Version = 1;

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Save<T>(TrainingSession<T> s, string path)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var root = new JsonObject
        {
            ["edgevae_checkpoint"] = Version,
            ["run"] = JsonSerializer.SerializeToNode(s.Run, Json),
            ["job"] = s.Job?.DeepClone(),
            ["normalization"] = new JsonObject
            {
                ["method"] = NormalizeOp.MethodName(s.Normalization.Method),
                ["offset"] = FloatArrayCodec.Encode(s.Normalization.Offset.AsArray()),
                ["scale"] = FloatArrayCodec.Encode(s.Normalization.Scale.AsArray()),
            },
            ["epoch"] = s.Epoch,
            ["next_batch"] = s.NextBatch,
            ["order"] = s.Order is null ? null : Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.Order.AsSpan())),
            ["partial"] = new JsonArray(s.PartialSums.Total, s.PartialSums.Reconstruction, s.PartialSums.Regularizer),
            ["partial_seconds"] = s.PartialSeconds,
            ["best_validation"] = double.IsFinite(s.BestValidation) ? s.BestValidation : null,
            ["epochs_since_best"] = s.EpochsSinceBest,
            ["rng"] = new JsonArray(s.Rng.GetState().Select(u => (JsonNode)u.ToString(CultureInfo.InvariantCulture)).ToArray()),
            ["optimizer_steps"] = s.Optimizer.StepCount,
            ["history"] = JsonSerializer.SerializeToNode(s.History, Json),
            ["parameters"] = new JsonArray(s.ParameterList.Select(p => Values<T>(p.Value.Span)).ToArray()),
            ["optimizer_state"] = new JsonArray(s.Optimizer.StateTensors.Select(t => Values<T>(t.Span)).ToArray()),
            ["buffers"] = new JsonArray(s.Model.Buffers().Select(b => Values<T>(b.Span)).ToArray()),
            ["best_parameters"] = s.BestParameters is null ? null : new JsonArray(s.BestParameters.Select(p => Values<T>(p)).ToArray()),
        };
        AtomicFile.WriteAllText(path, root.ToJsonString(Json));
    }

    /// <summary>Reads the run description and normalisation (to reload the data before <see cref="Restore"/>).</summary>
    public static (RunDescription Run, NormalizeOp Normalization, JsonObject Root) ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException($"{path}: no such checkpoint.");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new CheckpointException($"{path}: not an EdgeVae checkpoint (the document is not a JSON object).");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: not a readable checkpoint ({e.Message}).");
        }
        if (root["edgevae_checkpoint"] is not JsonValue marker || !marker.TryGetValue(out int version) || version != Version)
            throw new CheckpointException($"{path}: not an EdgeVae checkpoint of version {Version}.");
        try
        {
            var run = root["run"].Deserialize<RunDescription>(Json) ?? throw new CheckpointException($"{path}: the run description is missing.");
            var n = root["normalization"]!.AsObject();
            var method = n["method"]!.GetValue<string>() switch
            {
                "none" => NormalizationMethod.None,
                "minmax" => NormalizationMethod.MinMax,
                _ => NormalizationMethod.ZScore,
            };
            var offset = FloatArrayCodec.TryDecode(n["offset"]!.GetValue<string>(), out _) ?? throw new CheckpointException($"{path}: bad normalization offsets.");
            var scale = FloatArrayCodec.TryDecode(n["scale"]!.GetValue<string>(), out _) ?? throw new CheckpointException($"{path}: bad normalization scales.");
            return (run, Data.Normalizer.Op(method, offset, scale), root);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new CheckpointException($"{path}: the checkpoint is damaged ({e.Message}).");
        }
    }

    /// <summary>Restores parameters, optimizer state, random state, history and epoch position into a fresh session.</summary>
    public static void Restore<T>(TrainingSession<T> s, JsonObject root, string path)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        try
        {
            var parameters = root["parameters"]!.AsArray();
            if (parameters.Count != s.ParameterList.Count) throw new CheckpointException($"{path}: {parameters.Count} parameter tensors, the model has {s.ParameterList.Count}.");
            for (int i = 0; i < parameters.Count; i++) ReadValues(parameters[i]!, s.ParameterList[i].Value.Span, path);
            var buffers = s.Model.Buffers().ToArray();
            var savedBuffers = root["buffers"]?.AsArray() ?? [];
            if (savedBuffers.Count != buffers.Length) throw new CheckpointException($"{path}: {savedBuffers.Count} running-statistics tensors, the model has {buffers.Length}.");
            for (int i = 0; i < buffers.Length; i++) ReadValues(savedBuffers[i]!, buffers[i].Span, path);
            var state = root["optimizer_state"]!.AsArray();
            if (state.Count != s.Optimizer.StateTensors.Count) throw new CheckpointException($"{path}: optimizer state does not match (was it written by another optimizer?).");
            for (int i = 0; i < state.Count; i++) ReadValues(state[i]!, s.Optimizer.StateTensors[i].Span, path);
            s.Optimizer.RestoreStepCount(root["optimizer_steps"]!.GetValue<long>());
            s.Rng.SetState(root["rng"]!.AsArray().Select(n => ulong.Parse(n!.GetValue<string>(), CultureInfo.InvariantCulture)).ToArray());
            s.Epoch = root["epoch"]!.GetValue<int>();
            s.NextBatch = root["next_batch"]!.GetValue<int>();
            string? order = root["order"]?.GetValue<string>();
            s.Order = order is null ? null : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(Convert.FromBase64String(order)).ToArray();
            var partial = root["partial"]!.AsArray();
            s.PartialSums = new LossParts(partial[0]!.GetValue<double>(), partial[1]!.GetValue<double>(), partial[2]!.GetValue<double>());
            s.PartialSeconds = root["partial_seconds"]!.GetValue<double>();
            s.BestValidation = root["best_validation"]?.GetValue<double>() ?? double.PositiveInfinity;
            s.EpochsSinceBest = root["epochs_since_best"]!.GetValue<int>();
            s.History.Clear();
            s.History.AddRange(root["history"].Deserialize<List<EpochRecord>>(Json)!);
            CheckPosition(s, path);
            if (root["best_parameters"] is JsonArray best)
            {
                s.BestParameters = new T[best.Count][];
                for (int i = 0; i < best.Count; i++)
                {
                    s.BestParameters[i] = new T[i < s.ParameterList.Count ? s.ParameterList[i].Value.Length : buffers[i - s.ParameterList.Count].Length];
                    ReadValues(best[i]!, s.BestParameters[i], path);
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            throw new CheckpointException($"{path}: the checkpoint is damaged ({e.Message}).");
        }
    }

    /// <summary>
    /// The position read must be one training can be at: an epoch count matching the history, a batch inside the
    /// epoch, and a shuffle order that is a permutation of the training rows (a hand-edited or damaged value would
    /// otherwise train on wrong rows or end at once, without a word).
    /// </summary>
    private static void CheckPosition<T>(TrainingSession<T> s, string path)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        if (s.Epoch < 0 || s.Epoch != s.History.Count)
            throw new CheckpointException($"{path}: epoch {s.Epoch} does not match the {s.History.Count} epochs of its history.");
        if (s.NextBatch < 0 || s.NextBatch > s.BatchesPerEpoch)
            throw new CheckpointException($"{path}: next_batch {s.NextBatch} is outside the epoch's {s.BatchesPerEpoch} batches.");
        if (s.EpochsSinceBest < 0 || s.EpochsSinceBest > s.Epoch)
            throw new CheckpointException($"{path}: epochs_since_best {s.EpochsSinceBest} is outside [0, {s.Epoch}].");
        if (s.Order is { } order)
        {
            var seen = new bool[s.TrainCount];
            bool permutation = order.Length == seen.Length;
            foreach (int row in order)
            {
                if (!permutation) break;
                permutation = (uint)row < (uint)seen.Length && !seen[row];
                if (permutation) seen[row] = true;
            }
            if (!permutation) throw new CheckpointException($"{path}: the shuffle order is not a permutation of the {s.TrainCount} training rows.");
        }
    }

    private static bool IsIeee<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);

    private static JsonNode Values<T>(ReadOnlySpan<T> values) where T : INumber<T>
    {
        if (IsIeee<T>())
        {
            var d = new double[values.Length];
            for (int i = 0; i < d.Length; i++) d[i] = double.CreateChecked(values[i]);
            return JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(d.AsSpan())));
        }
        var strings = new JsonArray();
        foreach (var v in values) strings.Add(v.ToString(null, CultureInfo.InvariantCulture));
        return strings;
    }

    private static void ReadValues<T>(JsonNode node, Span<T> destination, string path) where T : INumber<T>
    {
        if (node is JsonArray strings)
        {
            if (strings.Count != destination.Length) throw new CheckpointException($"{path}: a tensor has {strings.Count} values, expected {destination.Length}.");
            for (int i = 0; i < destination.Length; i++) destination[i] = T.Parse(strings[i]!.GetValue<string>(), CultureInfo.InvariantCulture);
            return;
        }
        var d = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(Convert.FromBase64String(node.GetValue<string>()));
        if (d.Length != destination.Length) throw new CheckpointException($"{path}: a tensor has {d.Length} values, expected {destination.Length}.");
        for (int i = 0; i < d.Length; i++)
        {
            destination[i] = T.CreateChecked(d[i]);
            // Finite in the run's own precision: 1e39 is a double but not a float, and a NaN weight would train on as NaN.
            if (!T.IsFinite(destination[i]))
                throw new CheckpointException($"{path}: a tensor holds {d[i]:G6} at index {i}, which is not a finite {typeof(T).Name}; the checkpoint is damaged.");
        }
    }
}

/// <summary>A checkpoint that cannot be resumed.</summary>
public sealed class CheckpointException(string message) : Exception(message);
