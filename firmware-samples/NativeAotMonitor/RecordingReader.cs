using System.Buffers.Binary;
using System.Globalization;

namespace NativeAotMonitor;

/// <summary>
/// A multi-channel recording read one time step at a time, so memory stays flat however long it is: CSV (a header
/// row; channel columns; an optional integer truth column, 'fault' unless --truth-column names another) or the compact binary form ('EVR1', int32
/// channels, int32 steps, float32 values interleaved, then one label byte per step). Non-finite values (NaN,
/// Infinity) are passed on: the detector holds them. Anything else malformed is an <see cref="InvalidDataException"/>
/// naming the input and the line or step.
/// </summary>
internal abstract class Recording : IDisposable
{
    public abstract int Channels { get; }

    /// <summary>Whether <see cref="Next"/> gives each step's truth label (else -1, and <see cref="TrailingTruth"/> may give them after the samples).</summary>
    public abstract bool TruthInStep { get; }

    /// <summary>The next step's values into <paramref name="sample"/>; false at the end.</summary>
    public abstract bool Next(Span<float> sample, out int truth);

    /// <summary>The truth labels of all steps, read after the samples (a binary recording piped in: its labels come last).</summary>
    public virtual IEnumerable<int>? TrailingTruth() => null;

    public abstract void Dispose();

    /// <summary>Opens <paramref name="path"/> ('-': standard input), sniffing the format from its first bytes.</summary>
    public static Recording Open(string path, string truthColumn = "fault")
    {
        string name = path == "-" ? "stdin" : path;
        Stream stream = path == "-" ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> magic = stackalloc byte[4];
            int got = ReadFully(stream, magic);
            if (got == 4 && magic.SequenceEqual("EVR1"u8)) return new BinaryRecording(stream, name, path == "-" ? null : path);
            return new CsvRecording(new StreamReader(new PrefixedStream(magic[..got].ToArray(), stream)), name, truthColumn);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    internal static int ReadFully(Stream s, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = s.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}

internal sealed class CsvRecording : Recording
{
    private readonly TextReader _reader;
    private readonly string _name;
    private readonly int _columns, _label, _channels;
    private int _line = 1;

    public CsvRecording(TextReader reader, string name, string truthColumn = "fault")
    {
        _reader = reader;
        _name = name;
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{name}: empty input; expected a CSV header row.");
        string[] columns = header.Split(',');
        _columns = columns.Length;
        _label = Array.FindIndex(columns, c => c.Trim().Trim('"') == truthColumn);
        _channels = _columns - (_label >= 0 ? 1 : 0);
        if (_channels == 0) throw new InvalidDataException($"{name}:1: the header names no channel column.");
    }

    public override int Channels => _channels;

    public override bool TruthInStep => _label >= 0;

    public override bool Next(Span<float> sample, out int truth)
    {
        truth = -1;
        string? text;
        do
        {
            text = _reader.ReadLine();
            if (text is null) return false;
            _line++;
        }
        while (text.Length == 0);
        var rest = text.AsSpan();
        int c = 0, channel = 0;
        for (; ; c++)
        {
            int comma = rest.IndexOf(',');
            var cell = (comma < 0 ? rest : rest[..comma]).Trim();
            if (c >= _columns) throw new InvalidDataException($"{_name}:{_line}: more cells than the header's {_columns}.");
            if (c == _label)
            {
                if (!int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out truth) || truth < 0 || truth > 255)
                    throw new InvalidDataException($"{_name}:{_line}: the fault label \"{cell}\" is not an integer in [0, 255].");
            }
            else if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out sample[channel++]))
                throw new InvalidDataException($"{_name}:{_line}: \"{cell}\" is not a number (NaN and Infinity are accepted and held).");
            if (comma < 0) break;
            rest = rest[(comma + 1)..];
        }
        if (c + 1 != _columns) throw new InvalidDataException($"{_name}:{_line}: {c + 1} cells, the header has {_columns}.");
        return true;
    }

    public override void Dispose() => _reader.Dispose();
}

internal sealed class BinaryRecording : Recording
{
    private readonly Stream _values;
    private readonly Stream? _labels; // a second reader at the label section, when the input is a file
    private readonly string _name;
    private readonly int _channels, _steps;
    private readonly byte[] _row;
    private int _step;

    public BinaryRecording(Stream values, string name, string? path)
    {
        _values = values;
        _name = name;
        Span<byte> header = stackalloc byte[8];
        if (ReadFully(values, header) != 8) throw new InvalidDataException($"{name}: truncated EVR1 header (8 bytes after the magic expected).");
        _channels = BinaryPrimitives.ReadInt32LittleEndian(header);
        _steps = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (_channels <= 0 || _channels > 4096 || _steps <= 0)
            throw new InvalidDataException($"{name}: bad EVR1 header ({_channels} channels, {_steps} steps); expected 1–4096 channels and at least one step.");
        _row = new byte[4 * _channels];
        if (path is not null)
        {
            long labelsAt = 12 + 4L * _channels * _steps;
            var labels = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
            if (labels.Length < labelsAt + _steps)
            {
                labels.Dispose();
                throw new InvalidDataException($"{name}: truncated: the header promises {_steps} steps of {_channels} channels and their labels ({labelsAt + _steps} bytes), the file has {new FileInfo(path).Length}.");
            }
            labels.Position = labelsAt;
            _labels = labels;
        }
    }

    public override int Channels => _channels;

    public override bool TruthInStep => _labels is not null;

    public override bool Next(Span<float> sample, out int truth)
    {
        truth = -1;
        if (_step == _steps) return false;
        if (ReadFully(_values, _row) != _row.Length)
            throw new InvalidDataException($"{_name}: truncated at step {_step} of {_steps} (its {_channels} float32 values are missing).");
        for (int c = 0; c < _channels; c++) sample[c] = BinaryPrimitives.ReadSingleLittleEndian(_row.AsSpan(4 * c));
        if (_labels is not null)
        {
            truth = _labels.ReadByte();
            if (truth < 0) throw new InvalidDataException($"{_name}: truncated in the labels at step {_step}.");
        }
        _step++;
        return true;
    }

    public override IEnumerable<int>? TrailingTruth()
    {
        if (_labels is not null) return null;
        return Labels();
        IEnumerable<int> Labels()
        {
            for (int t = 0; t < _steps; t++)
            {
                int b = _values.ReadByte();
                if (b < 0) throw new InvalidDataException($"{_name}: truncated in the labels at step {t} of {_steps}.");
                yield return b;
            }
        }
    }

    public override void Dispose()
    {
        _values.Dispose();
        _labels?.Dispose();
    }
}

/// <summary>The bytes already read to sniff the format, followed by the rest of the stream.</summary>
internal sealed class PrefixedStream(byte[] head, Stream tail) : Stream
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
    protected override void Dispose(bool disposing)
    {
        if (disposing) tail.Dispose();
        base.Dispose(disposing);
    }
}
