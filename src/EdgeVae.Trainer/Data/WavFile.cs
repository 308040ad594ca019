using System.Buffers.Binary;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// RIFF/WAVE files of 16-bit PCM, mono or multichannel (the format of machine-sound sets such as DCASE and MIMII): read
/// into interleaved floats in [−1, 1) (sample / 32768), written from them. Anything else — another sample format, a
/// truncated or inconsistent file — is refused with what it is and where.
/// </summary>
public static class WavFile
{
    /// <summary>Interleaved samples (frames × channels), the channel count and the sample rate of one file.</summary>
    public sealed record Audio(float[] Samples, int Channels, int SampleRate)
    {
        public int Frames => Samples.Length / Channels;
    }

    public static Audio Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: {e.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>The audio in <paramref name="bytes"/>; <paramref name="name"/> names the file in errors.</summary>
    public static Audio Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
            throw new DataException($"{name}: not a WAV file (no RIFF/WAVE header).");
        int channels = 0, rate = 0, bitsPerSample = 0, format = 0, blockAlign = 0;
        bool haveFormat = false;
        for (long at = 12; at + 8 <= bytes.Length;)
        {
            var id = bytes.Slice((int)at, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice((int)at + 4, 4));
            long body = at + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + size > bytes.Length) throw new DataException($"{name}: the fmt chunk at byte {at} is {size} bytes; a PCM format needs 16 within the file.");
                var f = bytes.Slice((int)body, (int)size);
                format = BinaryPrimitives.ReadUInt16LittleEndian(f);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(f[2..]);
                rate = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(f[4..]));
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(f[12..]);
                bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(f[14..]);
                // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
                if (format == 0xFFFE && size >= 40) format = BinaryPrimitives.ReadUInt16LittleEndian(f[24..]);
                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat) throw new DataException($"{name}: the data chunk comes before any fmt chunk.");
                if (format != 1) throw new DataException($"{name}: audio format {format} ({FormatName(format)}); EdgeVae reads 16-bit PCM (format 1). Convert it, e.g. `sox in.wav -b 16 -e signed-integer out.wav`.");
                if (bitsPerSample != 16) throw new DataException($"{name}: {bitsPerSample}-bit samples; EdgeVae reads 16-bit PCM. Convert it, e.g. `sox in.wav -b 16 out.wav`.");
                if (channels < 1 || channels > 64) throw new DataException($"{name}: {channels} channels; 1 to 64 are read.");
                if (rate <= 0) throw new DataException($"{name}: the sample rate is {rate}.");
                if (blockAlign != 2 * channels) throw new DataException($"{name}: {blockAlign} bytes per frame for {channels} channels of 16 bits; the header is inconsistent.");
                if (body + size > bytes.Length) throw new DataException($"{name}: the data chunk says {size} bytes, but the file ends {bytes.Length - body} bytes after its start (truncated).");
                if (size % blockAlign != 0) throw new DataException($"{name}: {size} data bytes are not a whole number of {blockAlign}-byte frames.");
                var data = bytes.Slice((int)body, (int)size);
                var samples = new float[size / 2];
                for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]) / 32768f;
                if (samples.Length == 0) throw new DataException($"{name}: the data chunk holds no samples.");
                return new Audio(samples, channels, rate);
            }
            at = body + size + (size & 1); // chunks are padded to even sizes
        }
        throw new DataException($"{name}: no {(haveFormat ? "data" : "fmt")} chunk.");
    }

    private static string FormatName(int format) => format switch
    {
        3 => "IEEE float",
        6 => "A-law",
        7 => "μ-law",
        0x55 => "MP3",
        _ => "not PCM",
    };

    /// <summary>16-bit PCM bytes of <paramref name="audio"/> (values clamped to [−1, 1), rounded to the nearest code).</summary>
    public static byte[] Encode(Audio audio)
    {
        int dataBytes = 2 * audio.Samples.Length;
        var b = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(b.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), (ushort)audio.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), (uint)audio.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(28), (uint)(audio.SampleRate * 2 * audio.Channels));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(32), (ushort)(2 * audio.Channels));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(34), 16);
        "data"u8.CopyTo(b.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(40), (uint)dataBytes);
        for (int i = 0; i < audio.Samples.Length; i++)
        {
            int code = (int)Math.Round(Math.Clamp(audio.Samples[i], -1f, 1f) * 32768f);
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(44 + 2 * i), (short)Math.Clamp(code, short.MinValue, short.MaxValue));
        }
        return b;
    }
}
