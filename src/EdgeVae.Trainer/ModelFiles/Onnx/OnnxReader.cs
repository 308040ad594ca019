namespace EdgeVae.Trainer.ModelFiles.Onnx;

/// <summary>
/// Reads the subset of onnx.proto (ModelProto → GraphProto → NodeProto, TensorProto, AttributeProto, ValueInfoProto)
/// that a model graph needs, with the field numbers of the ONNX schema; unknown fields are skipped as protobuf allows.
/// Tensors stored outside the file, sparse initializers and subgraphs are refused by name.
/// </summary>
public static class OnnxReader
{
    /// <summary>Files over this size are refused before they are read (no autoencoder for a device comes near it).</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    private const long MaxElements = 64L * 1024 * 1024;

    public static OnnxModel Read(ReadOnlySpan<byte> bytes)
    {
        var r = new ProtoReader(bytes);
        long ir = 0, opset = 0;
        string producer = "";
        OnnxGraph? graph = null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field)
            {
                case 1: r.Expect(wire, 0, "ir_version"); ir = r.Int64(); break;
                case 2: r.Expect(wire, 2, "producer_name"); producer = r.String(); break;
                case 7: r.Expect(wire, 2, "graph"); var g = r.Message(); graph = Graph(ref g); break;
                case 8:
                    r.Expect(wire, 2, "opset_import");
                    var o = r.Message();
                    string domain = "";
                    long version = 0;
                    while (!o.End)
                    {
                        var (f, w) = o.Tag();
                        if (f == 1 && w == 2) domain = o.String();
                        else if (f == 2 && w == 0) version = o.Int64();
                        else o.Skip(w);
                    }
                    if (domain is "" or "ai.onnx") opset = version;
                    break;
                case 14:
                    r.Expect(wire, 2, "metadata_props");
                    var m = r.Message();
                    string key = "", value = "";
                    while (!m.End)
                    {
                        var (f, w) = m.Tag();
                        if (f == 1 && w == 2) key = m.String();
                        else if (f == 2 && w == 2) value = m.String();
                        else m.Skip(w);
                    }
                    metadata[key] = value;
                    break;
                default: r.Skip(wire); break;
            }
        }
        if (graph is null) throw new ProtoException("the file holds no graph (ModelProto field 7): it is not an ONNX model, or it is cut short");
        return new OnnxModel(ir, opset, producer, graph, metadata);
    }

    private static OnnxGraph Graph(ref ProtoReader r)
    {
        string name = "";
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValue>();
        var outputs = new List<OnnxValue>();
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field)
            {
                case 1: r.Expect(wire, 2, "node"); var n = r.Message(); nodes.Add(Node(ref n)); break;
                case 2: r.Expect(wire, 2, "graph name"); name = r.String(); break;
                case 5: r.Expect(wire, 2, "initializer"); var t = r.Message(); initializers.Add(Tensor(ref t)); break;
                case 11: r.Expect(wire, 2, "input"); var i = r.Message(); inputs.Add(Value(ref i)); break;
                case 12: r.Expect(wire, 2, "output"); var o = r.Message(); outputs.Add(Value(ref o)); break;
                case 15: throw new ProtoException("the graph holds sparse initializers, which EdgeVae does not read; export with dense weights");
                default: r.Skip(wire); break;
            }
        }
        return new OnnxGraph(name, nodes.ToArray(), initializers.ToArray(), inputs.ToArray(), outputs.ToArray());
    }

    private static OnnxNode Node(ref ProtoReader r)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        string name = "", op = "", domain = "";
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field)
            {
                case 1: r.Expect(wire, 2, "node input"); inputs.Add(r.String()); break;
                case 2: r.Expect(wire, 2, "node output"); outputs.Add(r.String()); break;
                case 3: r.Expect(wire, 2, "node name"); name = r.String(); break;
                case 4: r.Expect(wire, 2, "op_type"); op = r.String(); break;
                case 5: r.Expect(wire, 2, "attribute"); var a = r.Message(); attributes.Add(Attribute(ref a)); break;
                case 7: r.Expect(wire, 2, "domain"); domain = r.String(); break;
                default: r.Skip(wire); break;
            }
        }
        return new OnnxNode(name, op, domain, inputs.ToArray(), outputs.ToArray(), attributes.ToArray());
    }

    private static OnnxAttribute Attribute(ref ProtoReader r)
    {
        string name = "", s = "";
        int type = 0;
        float f = 0;
        long i = 0;
        OnnxTensor? t = null;
        var floats = new List<float>();
        var ints = new List<long>();
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field)
            {
                case 1: r.Expect(wire, 2, "attribute name"); name = r.String(); break;
                case 2: r.Expect(wire, 5, "attribute f"); f = r.Fixed32Float(); break;
                case 3: r.Expect(wire, 0, "attribute i"); i = r.Int64(); break;
                case 4: r.Expect(wire, 2, "attribute s"); s = r.String(); break;
                case 5: r.Expect(wire, 2, "attribute t"); var m = r.Message(); t = Tensor(ref m); break;
                case 6 or 11: throw new ProtoException($"attribute \"{name}\" holds a subgraph (If, Loop, Scan), which EdgeVae does not read");
                case 7: r.Floats(wire, floats); break;
                case 8: r.Int64s(wire, ints); break;
                case 20: r.Expect(wire, 0, "attribute type"); type = r.Int32(); break;
                default: r.Skip(wire); break;
            }
            if (floats.Count > MaxElements || ints.Count > MaxElements) throw new ProtoException($"attribute \"{name}\" holds too many values");
        }
        return new OnnxAttribute(name, type, f, i, s, t, floats.ToArray(), ints.ToArray());
    }

    private static OnnxTensor Tensor(ref ProtoReader r)
    {
        string name = "";
        int type = 0;
        var dims = new List<long>();
        var floats = new List<float>();
        var longs = new List<long>();
        var doubles = new List<long>();
        byte[]? raw = null;
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field)
            {
                case 1: r.Int64s(wire, dims); break;
                case 2: r.Expect(wire, 0, "data_type"); type = r.Int32(); break;
                case 4: r.Floats(wire, floats); break;
                case 5 or 7: r.Int64s(wire, longs); break;
                case 8: r.Expect(wire, 2, "tensor name"); name = r.String(); break;
                case 9: r.Expect(wire, 2, "raw_data"); raw = r.Bytes().ToArray(); break;
                case 10:
                    if (wire == 1) { doubles.Add(r.Fixed64()); break; }
                    r.Expect(wire, 2, "double_data");
                    var packed = r.Message();
                    while (!packed.End) doubles.Add(packed.Fixed64());
                    break;
                case 13 or 14: throw new ProtoException($"tensor \"{name}\" is stored outside the file (external data); save the model with its weights inside (torch.onnx.export does for models under 2 GB)");
                default: r.Skip(wire); break;
            }
            if (floats.Count > MaxElements || longs.Count > MaxElements || doubles.Count > MaxElements) throw new ProtoException($"tensor \"{name}\" holds too many values");
        }
        if (dims.Any(d => d < 0)) throw new ProtoException($"tensor \"{name}\" has a negative dimension [{string.Join(", ", dims)}]");
        long count = 1;
        foreach (long d in dims) { count *= d; if (count > MaxElements) throw new ProtoException($"tensor \"{name}\" of shape [{string.Join(", ", dims)}] is too large"); }
        float[] values = [];
        long[] integers = [];
        switch (type)
        {
            case OnnxTensor.Float:
                values = raw is not null ? Raw(raw, 4, count, name, b => BitConverter.ToSingle(b)) : floats.ToArray();
                break;
            case OnnxTensor.Double:
                values = raw is not null ? Raw(raw, 8, count, name, b => (float)BitConverter.ToDouble(b)) : doubles.Select(d => (float)BitConverter.Int64BitsToDouble(d)).ToArray();
                break;
            case OnnxTensor.Int64:
                integers = raw is not null ? Raw(raw, 8, count, name, b => BitConverter.ToInt64(b)) : longs.ToArray();
                break;
            case OnnxTensor.Int32:
                integers = raw is not null ? Raw(raw, 4, count, name, b => (long)BitConverter.ToInt32(b)) : longs.ToArray();
                break;
            default:
                throw new ProtoException($"tensor \"{name}\" has data type {type}; EdgeVae reads float, double, int32 and int64 tensors");
        }
        long held = type is OnnxTensor.Float or OnnxTensor.Double ? values.Length : integers.Length;
        if (held != count) throw new ProtoException($"tensor \"{name}\" of shape [{string.Join(", ", dims)}] holds {held} values, not {count}");
        return new OnnxTensor(name, dims.ToArray(), type is OnnxTensor.Double ? OnnxTensor.Float : type, values, integers);
    }

    private static T[] Raw<T>(byte[] raw, int size, long count, string name, Func<byte[], T> convert)
    {
        if (raw.Length != count * size) throw new ProtoException($"tensor \"{name}\" has {raw.Length} bytes of raw data, its shape needs {count * size}");
        var values = new T[count];
        var b = new byte[size];
        for (long i = 0; i < count; i++)
        {
            Array.Copy(raw, i * size, b, 0, size);
            values[i] = convert(b);
        }
        return values;
    }

    private static OnnxValue Value(ref ProtoReader r)
    {
        string name = "";
        int elem = 0;
        var dims = new List<long>();
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            if (field == 1 && wire == 2) name = r.String();
            else if (field == 2 && wire == 2)
            {
                var type = r.Message();
                while (!type.End)
                {
                    var (f, w) = type.Tag();
                    if (f != 1 || w != 2) { type.Skip(w); continue; }
                    var tensor = type.Message();
                    while (!tensor.End)
                    {
                        var (tf, tw) = tensor.Tag();
                        if (tf == 1 && tw == 0) elem = tensor.Int32();
                        else if (tf == 2 && tw == 2)
                        {
                            var shape = tensor.Message();
                            while (!shape.End)
                            {
                                var (sf, sw) = shape.Tag();
                                if (sf != 1 || sw != 2) { shape.Skip(sw); continue; }
                                var dim = shape.Message();
                                long value = -1;
                                while (!dim.End)
                                {
                                    var (df, dw) = dim.Tag();
                                    if (df == 1 && dw == 0) value = dim.Int64();
                                    else dim.Skip(dw);
                                }
                                dims.Add(value);
                            }
                        }
                        else tensor.Skip(tw);
                    }
                }
            }
            else r.Skip(wire);
        }
        return new OnnxValue(name, elem, dims.ToArray());
    }
}
