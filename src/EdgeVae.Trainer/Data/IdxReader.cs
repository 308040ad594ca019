using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// Reads IDX files (the MNIST format: magic 0x0000 type rank, big-endian dimensions, then data), gzipped or
/// raw. Only unsigned bytes (type 0x08) are accepted, as in every MNIST-family data set.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads the file: its dimensions and its bytes.</summary>
    public static (int[] Shape, byte[] Data) Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: no such IDX file.");
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
            if (raw.Length >= 2 && raw[0] == 0x1F && raw[1] == 0x8B)
            {
                using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
                using var ms = new MemoryStream();
                gz.CopyTo(ms);
                raw = ms.ToArray();
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"{path}: the gzip stream is corrupt ({e.Message}); download the file again.");
        }
        return Parse(raw, path);
    }

    internal static (int[] Shape, byte[] Data) Parse(ReadOnlySpan<byte> raw, string path)
    {
        if (raw.Length < 4) throw new DataException($"{path}: {raw.Length} bytes is too short for an IDX header (4-byte magic).");
        if (raw[0] != 0 || raw[1] != 0)
            throw new DataException($"{path}: not an IDX file (magic starts 0x{raw[0]:X2}{raw[1]:X2}, expected 0x0000).");
        if (raw[2] != 0x08)
            throw new DataException($"{path}: IDX element type 0x{raw[2]:X2} is not supported; only unsigned bytes (0x08) are.");
        int rank = raw[3];
        if (rank is < 1 or > 4) throw new DataException($"{path}: IDX rank {rank} is not supported (1 to 4).");
        int header = 4 + 4 * rank;
        if (raw.Length < header) throw new DataException($"{path}: truncated header ({raw.Length} bytes, the {rank} dimensions need {header}).");
        var shape = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            uint n = BinaryPrimitives.ReadUInt32BigEndian(raw.Slice(4 + 4 * d));
            if (n == 0 || n > int.MaxValue) throw new DataException($"{path}: dimension {d} is {n}.");
            shape[d] = (int)n;
            count *= n;
            if (count > int.MaxValue) throw new DataException($"{path}: {count} elements is too many.");
        }
        if (raw.Length - header != count)
            throw new DataException($"{path}: the header promises {count} bytes of data ({string.Join('×', shape)}) but the file holds {raw.Length - header}; the file is {(raw.Length - header < count ? "truncated" : "longer than its header says")}.");
        return (shape, raw.Slice(header).ToArray());
    }

    /// <summary>Images and labels from an IDX pair, pixels as floats 0–255.</summary>
    public static Dataset ReadPair(string imagesPath, string labelsPath, string name, string[]? classNames = null)
    {
        var (shape, pixels) = Read(imagesPath);
        var (labelShape, labelBytes) = Read(labelsPath);
        if (labelShape.Length != 1) throw new DataException($"{labelsPath}: labels must be one-dimensional, got {string.Join('×', labelShape)}.");
        if (labelShape[0] != shape[0])
            throw new DataException($"{imagesPath} holds {shape[0]} samples but {labelsPath} holds {labelShape[0]} labels; pair the files from the same split.");
        int width = pixels.Length / shape[0];
        var x = new float[pixels.Length];
        for (int i = 0; i < x.Length; i++) x[i] = pixels[i];
        var y = labelBytes.Select(b => (int)b).ToArray();
        return new Dataset(name, x, shape[0], width, y, shape.Length >= 3 ? DataLayout.Image : DataLayout.Tabular, classNames: classNames);
    }
}
