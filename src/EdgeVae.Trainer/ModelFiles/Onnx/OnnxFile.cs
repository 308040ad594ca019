namespace EdgeVae.Trainer.ModelFiles.Onnx;

/// <summary>A float tensor of an ONNX graph (an initializer, a Constant's value or an attribute); integer tensors keep their values as longs.</summary>
public sealed record OnnxTensor(string Name, long[] Dims, int DataType, float[] Floats, long[] Longs)
{
    public const int Float = 1, Int32 = 6, Int64 = 7, Double = 11;

    public long Count => Dims.Aggregate(1L, (a, d) => a * d);
}

/// <summary>An attribute of a node: the ONNX types the mapping reads (float, int, string, tensor, floats, ints).</summary>
public sealed record OnnxAttribute(string Name, int Type, float F, long I, string S, OnnxTensor? T, float[] Floats, long[] Ints)
{
    public const int FloatType = 1, IntType = 2, StringType = 3, TensorType = 4, FloatsType = 6, IntsType = 7;
}

public sealed record OnnxNode(string Name, string OpType, string Domain, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes)
{
    public OnnxAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    public long Int(string name, long fallback) => Attribute(name) is { } a ? a.I : fallback;

    public float Float(string name, float fallback) => Attribute(name) is { } a ? a.F : fallback;

    public string String(string name, string fallback) => Attribute(name) is { } a ? a.S : fallback;

    public long[] Ints(string name) => Attribute(name)?.Ints ?? [];

    /// <summary>How messages name this node: its name (or its first output) and op type.</summary>
    public string Describe() => $"node \"{(Name.Length > 0 ? Name : Outputs.FirstOrDefault() ?? "?")}\" ({OpType})";
}

/// <summary>A graph input or output: its name, element type and dimensions (-1 where symbolic, such as the batch).</summary>
public sealed record OnnxValue(string Name, int ElementType, long[] Dims);

public sealed record OnnxGraph(string Name, OnnxNode[] Nodes, OnnxTensor[] Initializers, OnnxValue[] Inputs, OnnxValue[] Outputs);

/// <summary>An ONNX model: the parts of ModelProto EdgeVae reads and writes.</summary>
public sealed record OnnxModel(long IrVersion, long Opset, string Producer, OnnxGraph Graph, IReadOnlyDictionary<string, string> Metadata);
