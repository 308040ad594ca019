using System.Text;

namespace EdgeVae.Trainer.ModelFiles.Onnx;

/// <summary>The protobuf wire format, written: a message is built into its own writer and then written as a length-delimited field.</summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream _out = new();

    public byte[] ToArray() => _out.ToArray();

    public void Varint(int field, ulong value)
    {
        Tag(field, 0);
        Raw(value);
    }

    public void Int64(int field, long value) => Varint(field, (ulong)value);

    public void Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, value);
        _out.Write(b);
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        Raw((ulong)value.Length);
        _out.Write(value);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public void PackedInt64s(int field, IEnumerable<long> values)
    {
        var packed = new ProtoWriter();
        foreach (long v in values) packed.Raw((ulong)v);
        Bytes(field, packed.ToArray());
    }

    public void PackedFloats(int field, IEnumerable<float> values)
    {
        var packed = new ProtoWriter();
        Span<byte> b = stackalloc byte[4];
        foreach (float v in values)
        {
            BitConverter.TryWriteBytes(b, v);
            packed._out.Write(b);
        }
        Bytes(field, packed.ToArray());
    }

    private void Tag(int field, int wire) => Raw((ulong)field << 3 | (uint)wire);

    private void Raw(ulong v)
    {
        while (v >= 0x80)
        {
            _out.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        _out.WriteByte((byte)v);
    }
}
