using System.Text;

namespace EdgeVae.Trainer.ModelFiles.Onnx;

/// <summary>A protobuf message that cannot be read, with where in the file and why.</summary>
public sealed class ProtoException(string message) : Exception(message);

/// <summary>
/// The protobuf wire format over a byte range, checked at every step: varints of at most 10 bytes, lengths within the
/// enclosing message, wire types 0, 1, 2 and 5 only. Nested messages are sub-readers over their bytes, so a damaged
/// length cannot reach outside its message.
/// </summary>
public ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _base;
    private int _at;

    public ProtoReader(ReadOnlySpan<byte> data, long fileOffset = 0)
    {
        _data = data;
        _base = fileOffset;
        _at = 0;
    }

    public readonly bool End => _at >= _data.Length;

    /// <summary>The byte offset in the file of the next field.</summary>
    public readonly long Offset => _base + _at;

    /// <summary>The next field's number and wire type.</summary>
    public (int Field, int WireType) Tag()
    {
        long at = Offset;
        ulong tag = Varint();
        int field = (int)(tag >> 3), wire = (int)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue) throw new ProtoException($"byte {at}: field number {tag >> 3} is not valid");
        if (wire is not (0 or 1 or 2 or 5)) throw new ProtoException($"byte {at}: wire type {wire} of field {field} is not one protobuf uses (0, 1, 2, 5)");
        return (field, wire);
    }

    public ulong Varint()
    {
        ulong v = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_at >= _data.Length) throw new ProtoException($"byte {Offset}: the file ends inside a number");
            byte b = _data[_at++];
            if (shift == 63 && b > 1) throw new ProtoException($"byte {Offset - 1}: a number longer than 64 bits");
            v |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return v;
        }
        throw new ProtoException($"byte {Offset}: a number longer than 10 bytes");
    }

    public long Int64() => (long)Varint();

    public int Int32()
    {
        long v = Int64();
        if (v < int.MinValue || v > int.MaxValue) throw new ProtoException($"byte {Offset}: {v} does not fit a 32-bit field");
        return (int)v;
    }

    public float Fixed32Float()
    {
        var b = Take(4);
        return BitConverter.ToSingle(b);
    }

    public long Fixed64() => BitConverter.ToInt64(Take(8));

    public ReadOnlySpan<byte> Bytes()
    {
        ulong length = Varint();
        if (length > (ulong)(_data.Length - _at)) throw new ProtoException($"byte {Offset}: a field of {length} bytes runs past the end of its message ({_data.Length - _at} bytes left)");
        return Take((int)length);
    }

    public string String()
    {
        var b = Bytes();
        try { return new UTF8Encoding(false, true).GetString(b); }
        catch (DecoderFallbackException) { throw new ProtoException($"byte {Offset}: a string that is not UTF-8"); }
    }

    /// <summary>A reader over the next length-delimited field (a nested message).</summary>
    public ProtoReader Message()
    {
        var b = Bytes();
        return new ProtoReader(b, Offset - b.Length);
    }

    /// <summary>Skips a field of the given wire type.</summary>
    public void Skip(int wire)
    {
        switch (wire)
        {
            case 0: Varint(); break;
            case 1: Take(8); break;
            case 2: Bytes(); break;
            case 5: Take(4); break;
        }
    }

    /// <summary>A repeated int64 field, packed (wire type 2) or one value (wire type 0).</summary>
    public void Int64s(int wire, List<long> into)
    {
        if (wire == 0) { into.Add(Int64()); return; }
        if (wire != 2) throw new ProtoException($"byte {Offset}: a repeated integer with wire type {wire}");
        var packed = Message();
        while (!packed.End) into.Add(packed.Int64());
    }

    /// <summary>A repeated float field, packed (wire type 2) or one value (wire type 5).</summary>
    public void Floats(int wire, List<float> into)
    {
        if (wire == 5) { into.Add(Fixed32Float()); return; }
        if (wire != 2) throw new ProtoException($"byte {Offset}: a repeated float with wire type {wire}");
        var b = Bytes();
        if (b.Length % 4 != 0) throw new ProtoException($"byte {Offset}: packed floats of {b.Length} bytes, not a multiple of 4");
        for (int i = 0; i < b.Length; i += 4) into.Add(BitConverter.ToSingle(b.Slice(i, 4)));
    }

    /// <summary>Checks that a field has the wire type its schema gives it.</summary>
    public readonly void Expect(int wire, int expected, string what)
    {
        if (wire != expected) throw new ProtoException($"byte {Offset}: {what} has wire type {wire}, not {expected}");
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > _data.Length - _at) throw new ProtoException($"byte {Offset}: the file ends inside a field");
        var s = _data.Slice(_at, n);
        _at += n;
        return s;
    }
}
