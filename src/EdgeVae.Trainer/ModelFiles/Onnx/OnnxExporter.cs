using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.ModelFiles.Onnx;

/// <summary>
/// A model file as an ONNX graph (opset 13) that ONNX Runtime runs: input <c>input</c> [batch, features] (the raw
/// window, interleaved as the device delivers it), the normalization as Sub and Mul, each op as its ONNX node
/// (dense → Gemm, conv1d → Conv, upsample → Resize nearest, reshape → Reshape, transpose → Transpose, activations,
/// the Gaussian head → Split), outputs <c>reconstruction</c> (in normalized units, as EdgeVae scores it) and
/// <c>latent</c>, or <c>mu</c> and <c>logvar</c> for a VAE whose decoder reads μ. The whole model file — thresholds,
/// data contract, calibration — rides in the metadata with its parameters named after the initializers, so
/// importing the file gives the same model back.
/// </summary>
public static class OnnxExporter
{
    public const int Opset = 13;

    public static OnnxModel Export(ModelDescription model)
    {
        // A front-end model exports its network on the features (input [batch, FeatureLength]): its fixed-point front-end
        // has no ONNX form, and `edgevae data export --features-of` writes the features it computes. The metadata keeps
        // the whole model, front-end included, so an import gives it back.
        var sink = new SafeTensorsModels.Sink();
        string description = ModelFileWriter.Write(model, sink);
        var initializers = sink.Tensors.Select(t => new OnnxTensor(t.Name, t.Shape.Select(d => (long)d).ToArray(), OnnxTensor.Float, t.Values, [])).ToList();
        var nodes = new List<OnnxNode>();
        var graph = model.Graph;
        var shapes = graph.Shapes();
        string current = "input";
        string latent = "", mu = "", logVar = "";
        int n = 0;
        string Next(string op) => op + "_" + n++;
        void Node(string op, string[] inputs, string output, params OnnxAttribute[] attributes) => nodes.Add(new OnnxNode(output, op, "", inputs, [output], attributes));
        string Int64s(string name, params long[] values)
        {
            initializers.Add(new OnnxTensor(name, [values.Length], OnnxTensor.Int64, [], values));
            return name;
        }
        string Floats(string name, long[] dims, float[] values)
        {
            initializers.Add(new OnnxTensor(name, dims, OnnxTensor.Float, values, []));
            return name;
        }

        var ops = graph.Ops.AsArray();
        int first = graph.NormalizeIndex, features = model.FeatureSize;
        for (int i = first; i < ops.Length; i++)
        {
            var op = ops[i];
            var inShape = i == first ? TensorShape.Features(features) : shapes[i - 1];
            string output = op.Name == graph.Latent && model.Kind != ModelKind.Variational ? "latent" : Next(op.Type);
            switch (op)
            {
                case NormalizeOp norm:
                    string centered = Next("centered");
                    Node("Sub", [current, "normalize.offset"], centered);
                    Node("Mul", [centered, "normalize.scale"], output);
                    break;
                case DenseOp:
                    Node("Gemm", [current, op.Name + ".weight", op.Name + ".bias"], output, Int("transB", 1));
                    break;
                case Conv1DOp c:
                    Node("Conv", [current, op.Name + ".weight", op.Name + ".bias"], output,
                        Ints("kernel_shape", c.KernelSize), Ints("strides", c.Stride), Ints("dilations", c.Dilation), Ints("pads", c.PaddingLeft, c.PaddingRight), Int("group", 1));
                    break;
                case UpsampleOp u:
                    Node("Resize", [current, "", Floats(Next("scales"), [3], [1, 1, u.Factor])], output,
                        Str("mode", "nearest"), Str("coordinate_transformation_mode", "asymmetric"), Str("nearest_mode", "floor"));
                    break;
                case ReshapeOp r:
                    Node("Reshape", [current, Int64s(Next("shape"), r.Shape.Rank == 1 ? [0, r.Shape.Dim0] : [0, r.Shape.Dim0, r.Shape.Dim1])], output);
                    break;
                case TransposeOp:
                    Node("Transpose", [current], output, Ints("perm", 0, 2, 1));
                    break;
                case ActivationOp a:
                    switch (a.Function)
                    {
                        case ActivationFunction.Identity: Node("Identity", [current], output); break;
                        case ActivationFunction.Relu: Node("Relu", [current], output); break;
                        case ActivationFunction.LeakyRelu: Node("LeakyRelu", [current], output, new OnnxAttribute("alpha", OnnxAttribute.FloatType, 0.01f, 0, "", null, [], [])); break;
                        case ActivationFunction.Sigmoid: Node("Sigmoid", [current], output); break;
                        case ActivationFunction.Tanh: Node("Tanh", [current], output); break;
                        case ActivationFunction.Softplus: Node("Softplus", [current], output); break;
                        default: throw new ModelFileException($"{model.Name}: activation {ActivationMath.Name(a.Function)} has no ONNX export");
                    }
                    break;
                case GaussianHeadOp:
                    int l = (int)shapes[i].Size;
                    mu = "mu";
                    logVar = "logvar";
                    nodes.Add(new OnnxNode("gaussian_head", "Split", "", [current, Int64s(Next("split"), l, l)], [mu, logVar], [Int("axis", 1)]));
                    output = mu;
                    break;
                default:
                    throw new ModelFileException($"{model.Name}: op \"{op.Name}\" ({op.Type}) has no ONNX export");
            }
            current = output;
            if (op.Name == graph.Latent && model.Kind != ModelKind.Variational) latent = output;
        }
        nodes.Add(new OnnxNode("reconstruction", "Identity", "", [current], ["reconstruction"], []));
        var outputs = new List<OnnxValue> { new("reconstruction", OnnxTensor.Float, [-1, features]) };
        if (model.Kind == ModelKind.Variational)
        {
            outputs.Add(new OnnxValue(mu, OnnxTensor.Float, [-1, model.LatentSize]));
            outputs.Add(new OnnxValue(logVar, OnnxTensor.Float, [-1, model.LatentSize]));
        }
        else outputs.Add(new OnnxValue(latent, OnnxTensor.Float, [-1, model.LatentSize]));
        var g = new OnnxGraph(model.Name, nodes.ToArray(), initializers.ToArray(), [new OnnxValue("input", OnnxTensor.Float, [-1, features])], outputs.ToArray());
        var metadata = new Dictionary<string, string> { [OnnxImporter.MetadataKey] = description };
        return new OnnxModel(8, Opset, "EdgeVae", g, metadata);
    }

    private static OnnxAttribute Int(string name, long value) => new(name, OnnxAttribute.IntType, 0, value, "", null, [], []);

    private static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttribute.IntsType, 0, 0, "", null, [], values);

    private static OnnxAttribute Str(string name, string value) => new(name, OnnxAttribute.StringType, 0, 0, value, null, [], []);
}
