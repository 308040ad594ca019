using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// Reads NumPy <c>.npy</c> files (format 1.0–3.0): C-order arrays of float32/float64, signed or unsigned
/// integers, little- or big-endian. The first axis is the sample axis; the rest are flattened.
/// </summary>
public static partial class NpyReader
{
    public static (int[] Shape, double[] Data) Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: no such .npy file.");
        return Parse(File.ReadAllBytes(path), path);
    }

    internal static (int[] Shape, double[] Data) Parse(byte[] raw, string path)
    {
        if (raw.Length < 10 || !raw.AsSpan(0, 6).SequenceEqual(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }))
            throw new DataException($"{path}: not a .npy file (the magic \\x93NUMPY is missing).");
        int major = raw[6];
        long headerLength;
        int headerStart;
        if (major == 1) { headerLength = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(8)); headerStart = 10; }
        else if (major is 2 or 3)
        {
            if (raw.Length < 12) throw new DataException($"{path}: truncated header.");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(8)); // up to 4 GB: compared in long arithmetic
            headerStart = 12;
        }
        else throw new DataException($"{path}: .npy format version {major} is not supported (1–3).");
        if (headerLength > raw.Length - headerStart)
            throw new DataException($"{path}: the header says it is {headerLength} bytes long but the file has {raw.Length - headerStart} after the preamble; it is truncated or damaged.");
        string header = System.Text.Encoding.Latin1.GetString(raw, headerStart, (int)headerLength);

        var descr = DescrPattern().Match(header);
        if (!descr.Success) throw new DataException($"{path}: the header has no 'descr' (dtype).");
        if (FortranPattern().Match(header) is { Success: true } f && f.Groups[1].Value == "True")
            throw new DataException($"{path}: Fortran-order arrays are not supported; save with np.ascontiguousarray(x).");
        var shapeMatch = ShapePattern().Match(header);
        if (!shapeMatch.Success) throw new DataException($"{path}: the header has no 'shape'.");
        int[] shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, out int n) && n >= 0 ? n : throw new DataException($"{path}: bad dimension '{s}' in shape.")).ToArray();
        if (shape.Length == 0) throw new DataException($"{path}: a scalar array holds no samples.");

        string dtype = descr.Groups[1].Value;
        char order = dtype[0];
        string kind = dtype[1..];
        int size = kind switch
        {
            "f4" or "i4" or "u4" => 4,
            "f8" or "i8" or "u8" => 8,
            "i2" or "u2" => 2,
            "i1" or "u1" or "b1" => 1,
            _ => throw new DataException($"{path}: dtype '{dtype}' is not supported (float32/64 or integers)."),
        };
        bool big = order == '>';
        long dataStart = headerStart + headerLength, available = (raw.Length - dataStart) / size;
        // The element count, stopped as soon as it exceeds what the file holds (a huge shape must not overflow).
        long count = 1;
        foreach (int d in shape)
            count = d == 0 ? 0 : count > available / d ? available + 1 : count * d;
        if (count > available)
            throw new DataException($"{path}: the shape ({string.Join(", ", shape)}) needs more data than the file's {raw.Length - dataStart} bytes hold ({available} values of {size} bytes); it is truncated or its header is damaged.");
        var data = new double[count];
        var bytes = raw.AsSpan((int)dataStart);
        for (long i = 0; i < count; i++)
        {
            var s = bytes.Slice((int)(i * size), size);
            double v = kind switch
            {
                "f4" => big ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s),
                "f8" => big ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s),
                "i4" => big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s),
                "u4" => big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s),
                "i8" => big ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s),
                "u8" => big ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s),
                "i2" => big ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s),
                "u2" => big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s),
                "i1" => (sbyte)s[0],
                _ => s[0],
            };
            if (!double.IsFinite(v)) throw new DataException($"{path}: element {i} is {v}; remove or impute non-finite values before training.");
            data[i] = v;
        }
        return (shape, data);
    }

    /// <summary>Samples from <paramref name="path"/> (first axis) and optional labels from a 1-D integer file.</summary>
    public static Dataset Load(string path, string? labelsPath)
    {
        var (shape, data) = Read(path);
        int count = shape[0];
        if (count == 0) throw new DataException($"{path}: no samples (first dimension is 0).");
        int width = (int)(data.Length / count);
        var x = new float[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            // Training runs in float32: a float64 value beyond its range would become ±Infinity without a word.
            if (Math.Abs(data[i]) > float.MaxValue)
                throw new DataException($"{path}: element {i} ({data[i]:G6}) is outside the float32 range (±3.4e38) the model trains in; rescale the data.");
            x[i] = (float)data[i];
        }
        int[]? labels = null;
        if (labelsPath is not null)
        {
            var (labelShape, labelData) = Read(labelsPath);
            if (labelShape.Length != 1 || labelShape[0] != count)
                throw new DataException($"{labelsPath}: labels must be a 1-D array of {count} values (one per sample of {path}), got shape ({string.Join(", ", labelShape)}).");
            labels = labelData.Select(v => v == Math.Floor(v) && v >= 0 ? (int)v : throw new DataException($"{labelsPath}: label {v} is not a non-negative integer.")).ToArray();
        }
        return new Dataset(Path.GetFileName(path), x, count, width, labels, shape.Length >= 3 ? DataLayout.Image : DataLayout.Tabular);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([<>|=][a-z]\d+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
