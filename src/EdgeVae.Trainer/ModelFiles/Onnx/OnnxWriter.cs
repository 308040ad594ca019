namespace EdgeVae.Trainer.ModelFiles.Onnx;

/// <summary>Writes an <see cref="OnnxModel"/> as onnx.proto's ModelProto (float tensors as raw little-endian data, int64 tensors as int64_data).</summary>
public static class OnnxWriter
{
    public static byte[] Write(OnnxModel model)
    {
        var w = new ProtoWriter();
        w.Int64(1, model.IrVersion);
        w.String(2, model.Producer);
        w.Message(7, Graph(model.Graph));
        var opset = new ProtoWriter();
        opset.String(1, "");
        opset.Int64(2, model.Opset);
        w.Message(8, opset);
        foreach (var (key, value) in model.Metadata)
        {
            var entry = new ProtoWriter();
            entry.String(1, key);
            entry.String(2, value);
            w.Message(14, entry);
        }
        return w.ToArray();
    }

    private static ProtoWriter Graph(OnnxGraph g)
    {
        var w = new ProtoWriter();
        foreach (var n in g.Nodes) w.Message(1, Node(n));
        w.String(2, g.Name);
        foreach (var t in g.Initializers) w.Message(5, Tensor(t));
        foreach (var v in g.Inputs) w.Message(11, Value(v));
        foreach (var v in g.Outputs) w.Message(12, Value(v));
        return w;
    }

    private static ProtoWriter Node(OnnxNode n)
    {
        var w = new ProtoWriter();
        foreach (var i in n.Inputs) w.String(1, i);
        foreach (var o in n.Outputs) w.String(2, o);
        if (n.Name.Length > 0) w.String(3, n.Name);
        w.String(4, n.OpType);
        foreach (var a in n.Attributes) w.Message(5, Attribute(a));
        if (n.Domain.Length > 0) w.String(7, n.Domain);
        return w;
    }

    private static ProtoWriter Attribute(OnnxAttribute a)
    {
        var w = new ProtoWriter();
        w.String(1, a.Name);
        switch (a.Type)
        {
            case OnnxAttribute.FloatType: w.Float(2, a.F); break;
            case OnnxAttribute.IntType: w.Int64(3, a.I); break;
            case OnnxAttribute.StringType: w.String(4, a.S); break;
            case OnnxAttribute.TensorType: w.Message(5, Tensor(a.T!)); break;
            case OnnxAttribute.FloatsType: w.PackedFloats(7, a.Floats); break;
            case OnnxAttribute.IntsType: w.PackedInt64s(8, a.Ints); break;
        }
        w.Int64(20, a.Type);
        return w;
    }

    private static ProtoWriter Tensor(OnnxTensor t)
    {
        var w = new ProtoWriter();
        w.PackedInt64s(1, t.Dims);
        w.Int64(2, t.DataType);
        w.String(8, t.Name);
        if (t.DataType == OnnxTensor.Float)
        {
            var raw = new byte[t.Floats.Length * 4];
            Buffer.BlockCopy(t.Floats, 0, raw, 0, raw.Length);
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian");
            w.Bytes(9, raw);
        }
        else w.PackedInt64s(7, t.Longs);
        return w;
    }

    private static ProtoWriter Value(OnnxValue v)
    {
        var w = new ProtoWriter();
        w.String(1, v.Name);
        var shape = new ProtoWriter();
        foreach (long d in v.Dims)
        {
            var dim = new ProtoWriter();
            if (d >= 0) dim.Int64(1, d);
            else dim.String(2, "batch");
            shape.Message(1, dim);
        }
        var tensor = new ProtoWriter();
        tensor.Int64(1, v.ElementType);
        tensor.Message(2, shape);
        var type = new ProtoWriter();
        type.Message(1, tensor);
        w.Message(2, type);
        return w;
    }
}
