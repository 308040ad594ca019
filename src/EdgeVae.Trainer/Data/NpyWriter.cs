using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// Writes NumPy <c>.npy</c> files (format 1.0, C order, little-endian): a float32 matrix of samples × features or an
/// int32 vector of labels, which <c>numpy.load</c> and <see cref="NpyReader"/> read back exactly.
/// </summary>
public static class NpyWriter
{
    public static void WriteFloat32(Stream stream, ReadOnlySpan<float> values, int rows, int columns)
    {
        if ((long)rows * columns != values.Length) throw new ArgumentException($"{values.Length} values do not make {rows} × {columns}.");
        Header(stream, "<f4", $"({rows}, {columns})");
        var buffer = new byte[4 * Math.Min(values.Length, 1 << 16)];
        for (int start = 0; start < values.Length; start += buffer.Length / 4)
        {
            int n = Math.Min(buffer.Length / 4, values.Length - start);
            for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), values[start + i]);
            stream.Write(buffer, 0, 4 * n);
        }
    }

    public static void WriteInt32(Stream stream, ReadOnlySpan<int> values)
    {
        Header(stream, "<i4", $"({values.Length},)");
        var buffer = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4 * i), values[i]);
        stream.Write(buffer);
    }

    /// <summary>Magic, version 1.0, and the header dictionary padded with spaces so the data starts at a multiple of 64 bytes.</summary>
    private static void Header(Stream stream, string descr, string shape)
    {
        string dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        if (header.Length > ushort.MaxValue) throw new ArgumentException("the .npy header is too long for format 1.0");
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
    }
}
