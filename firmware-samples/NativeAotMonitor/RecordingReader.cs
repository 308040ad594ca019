using System.Globalization;

namespace NativeAotMonitor;

/// <summary>
/// Reads a multi-channel recording: CSV (header row; channel columns; an optional integer 'fault' column with
/// the truth) or the compact binary form ('EVR1', int32 channels, int32 steps, float32 values interleaved,
/// one label byte per step).
/// </summary>
internal static class RecordingReader
{
    public static (float[] Values, int[]? Truth, int Channels) Read(Stream stream, string name)
    {
        var buffered = new BufferedStream(stream);
        Span<byte> magic = stackalloc byte[4];
        int got = buffered.Read(magic);
        if (got == 4 && magic.SequenceEqual("EVR1"u8)) return ReadBinary(buffered, name);
        var reader = new StreamReader(new ConcatStream(magic[..got].ToArray(), buffered));
        return ReadCsv(reader, name);
    }

    private static (float[], int[]?, int) ReadBinary(Stream s, string name)
    {
        using var r = new BinaryReader(s);
        int channels = r.ReadInt32(), steps = r.ReadInt32();
        if (channels <= 0 || steps <= 0 || (long)channels * steps > 1 << 28) throw new InvalidDataException($"{name}: bad header ({channels} channels, {steps} steps).");
        var values = new float[channels * steps];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadSingle();
        var truth = new int[steps];
        for (int i = 0; i < steps; i++) truth[i] = r.ReadByte();
        return (values, truth, channels);
    }

    private static (float[], int[]?, int) ReadCsv(TextReader reader, string name)
    {
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{name}: empty input; expected a CSV header row.");
        string[] columns = header.Split(',');
        int label = Array.FindIndex(columns, c => c.Trim() == "fault");
        int channels = columns.Length - (label >= 0 ? 1 : 0);
        var values = new List<float>();
        var truth = label >= 0 ? new List<int>() : null;
        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            string[] cells = text.Split(',');
            if (cells.Length != columns.Length) throw new InvalidDataException($"{name}:{line}: {cells.Length} cells, the header has {columns.Length}.");
            for (int c = 0; c < cells.Length; c++)
            {
                if (c == label) { truth!.Add(int.Parse(cells[c], CultureInfo.InvariantCulture)); continue; }
                if (!float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                    throw new InvalidDataException($"{name}:{line}: \"{cells[c]}\" is not a finite number.");
                values.Add(v);
            }
        }
        return (values.ToArray(), truth?.ToArray(), channels);
    }

    /// <summary>The bytes already read to sniff the format, followed by the rest of the stream.</summary>
    private sealed class ConcatStream(byte[] head, Stream tail) : Stream
    {
        private int _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos < head.Length)
            {
                int n = Math.Min(count, head.Length - _pos);
                Array.Copy(head, _pos, buffer, offset, n);
                _pos += n;
                return n;
            }
            return tail.Read(buffer, offset, count);
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
