using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>One tensor of a safetensors file, as float32 (F64, F16 and BF16 files are converted on reading).</summary>
public sealed record SafeTensor(string Name, int[] Shape, float[] Values);

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header mapping each tensor
/// name to its dtype, shape and [begin, end) byte offsets in the data that follows, and an optional
/// <c>__metadata__</c> map of strings. Reading is strict — every offset, size and shape is checked against the file —
/// because a model file from elsewhere is untrusted input; errors say what is wrong and where.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>Headers above this are refused (the format's own reader uses the same bound).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public static (IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        if (!File.Exists(path)) throw new ModelFileException($"{path}: no such safetensors file.");
        return Read(File.ReadAllBytes(path), path);
    }

    public static (IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(byte[] bytes, string path)
    {
        try
        {
            return ReadHeaderAndTensors(bytes, path);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json decodes strings when they are read: an escape that is not text (a lone surrogate) surfaces here.
            throw new ModelFileException($"{path}: not a valid safetensors file: the header holds a string that is not valid text ({e.Message}).");
        }
    }

    private static (IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) ReadHeaderAndTensors(byte[] bytes, string path)
    {
        ModelFileException Bad(string reason) => new($"{path}: not a valid safetensors file: {reason}.");
        if (bytes.Length < 8) throw Bad($"{bytes.Length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
            throw Bad($"the header claims {headerLength} bytes but the file holds {bytes.Length - 8} after the length");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength))?.AsObject() ?? throw Bad("the header is not a JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Bad($"the header is not valid JSON ({e.Message})");
        }
        long dataStart = 8 + (long)headerLength, dataLength = bytes.Length - dataStart;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<SafeTensor>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is not JsonObject meta) throw Bad("__metadata__ must be an object of strings");
                foreach (var (key, value) in meta)
                    metadata[key] = value is JsonValue v && v.TryGetValue(out string? text) ? text : throw Bad($"__metadata__.{key} is not a string");
                continue;
            }
            if (node is not JsonObject t) throw Bad($"tensor \"{name}\" is not an object");
            string dtype = t["dtype"] is JsonValue d && d.TryGetValue(out string? dt) ? dt : throw Bad($"tensor \"{name}\" has no dtype");
            int size = dtype switch { "F32" => 4, "F64" => 8, "F16" or "BF16" => 2, _ => throw Bad($"tensor \"{name}\" has dtype {dtype}; EdgeVae reads F32, F64, F16 and BF16") };
            if (t["shape"] is not JsonArray shapeArray) throw Bad($"tensor \"{name}\" has no shape");
            var shape = new int[shapeArray.Count];
            long count = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                shape[i] = shapeArray[i] is JsonValue s && s.TryGetValue(out int dim) && dim >= 0 ? dim : throw Bad($"tensor \"{name}\" has a shape entry that is not a non-negative integer");
                count *= shape[i];
                if (count > int.MaxValue) throw Bad($"tensor \"{name}\" is too large");
            }
            if (t["data_offsets"] is not JsonArray offsets || offsets.Count != 2
                || offsets[0] is not JsonValue b || !b.TryGetValue(out long begin) || offsets[1] is not JsonValue e || !e.TryGetValue(out long end))
                throw Bad($"tensor \"{name}\" needs data_offsets [begin, end]");
            if (begin < 0 || end < begin || end > dataLength)
                throw Bad($"tensor \"{name}\" has data_offsets [{begin}, {end}] outside the {dataLength} data bytes");
            if (end - begin != count * size)
                throw Bad($"tensor \"{name}\" has {end - begin} bytes for shape [{string.Join(", ", shape)}] of {dtype} ({count * size} expected)");
            tensors.Add(new SafeTensor(name, shape, Decode(bytes.AsSpan((int)(dataStart + begin), (int)(end - begin)), dtype, (int)count, name, path)));
        }
        return (tensors, metadata);
    }

    private static float[] Decode(ReadOnlySpan<byte> data, string dtype, int count, string name, string path)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]),
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(data[(2 * i)..]),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]) << 16), // BF16: the high half of a float32
            };
            if (!float.IsFinite(values[i]))
                throw new ModelFileException(dtype == "F64" && double.IsFinite(BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]))
                    ? $"{path}: tensor \"{name}\" holds {BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]):G6} at index {i}, outside the float32 range (±3.4e38) EdgeVae computes in."
                    : $"{path}: tensor \"{name}\" holds a non-finite value at index {i}.");
        }
        return values;
    }

    /// <summary>Writes float32 tensors and string metadata, atomically; the header is padded to 8 bytes as the reference writer pads it.</summary>
    public static void Write(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject();
        if (metadata.Count > 0)
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata) meta[key] = value;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        foreach (var t in tensors)
        {
            long count = t.Shape.Aggregate(1L, (a, b) => a * b);
            if (count != t.Values.Length) throw new ArgumentException($"tensor \"{t.Name}\": shape [{string.Join(", ", t.Shape)}] does not hold {t.Values.Length} values.");
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + 4 * count),
            };
            offset += 4 * count;
        }
        var text = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (text.Length + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(text);
            for (int i = text.Length; i < padded; i++) stream.WriteByte((byte)' ');
            Span<byte> value = stackalloc byte[4];
            foreach (var t in tensors)
                foreach (float v in t.Values)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(value, v);
                    stream.Write(value);
                }
        });
    }
}
