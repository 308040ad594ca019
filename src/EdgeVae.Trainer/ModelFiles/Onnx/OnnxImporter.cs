using System.Globalization;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.ModelFiles.Onnx;

/// <summary>
/// An ONNX graph mapped onto EdgeVae's ops. A file EdgeVae exported carries its model description in the metadata and
/// is read back from it with the weights of the graph's initializers. Any other graph is walked node by node as a chain
/// from its input: affine Sub/Add/Mul/Div by constants before the first layer become the input normalization;
/// Gemm, MatMul (+ Add), Conv (1-D), Resize/Upsample (nearest, integer factor), Relu, LeakyRelu (0.01), Sigmoid, Tanh,
/// Softplus, Reshape, Flatten, Transpose and Identity/Dropout map to ops; Constant, Shape, Gather, Unsqueeze, Squeeze,
/// Concat, Cast and integer arithmetic are folded, as PyTorch's exporter leaves them around a view(). The latent is the
/// graph output named latent, z, code or mu, or the tensor --latent names; outputs mu and logvar (log σ²) make a VAE
/// whose two heads become one dense layer and a Gaussian head. Anything else is refused with the node, its op type
/// and what is supported.
/// </summary>
public static class OnnxImporter
{
    public const string MetadataKey = "edgevae_model";

    private const string Supported = "Gemm, MatMul (+ Add), Conv (1-D, group 1), Resize / Upsample (nearest, integer factor), Relu, LeakyRelu (alpha 0.01), Sigmoid, Tanh, Softplus, " +
        "Reshape, Flatten, Transpose ([0, 2, 1]), Identity, Dropout, affine Sub/Add/Mul/Div by constants at the input, and the shape arithmetic PyTorch exports " +
        "(Constant, Shape, Gather, Unsqueeze, Squeeze, Concat, Cast)";

    /// <summary>The symbolic batch dimension in folded shape vectors.</summary>
    private const long Batch = long.MinValue;

    public static ModelDescription Import(OnnxModel onnx, ForeignModelOptions options, string? latentName, string path)
    {
        if (onnx.Metadata.TryGetValue(MetadataKey, out var description))
        {
            var source = new Initializers(onnx.Graph.Initializers);
            try
            {
                return ModelFileReader.Read(description, tensors: source);
            }
            catch (ModelFormatException e)
            {
                throw new ModelFileException($"{path}: the model description in the ONNX metadata does not fit the graph's initializers: {e.Message}");
            }
        }
        var model = new Walk(onnx.Graph, options, latentName, path).Run();
        try
        {
            return ModelFileReader.Read(ModelFileWriter.Write(model));
        }
        catch (ModelFormatException e)
        {
            throw new ModelFileException($"{path}: the graph maps onto EdgeVae's ops but does not make a valid model: {e.Message}");
        }
    }

    /// <summary>The graph's initializers as a tensor source, by name.</summary>
    private sealed class Initializers(IEnumerable<OnnxTensor> tensors) : ITensorSource
    {
        private readonly Dictionary<string, OnnxTensor> _byName = tensors.GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

        public float[]? Take(string name, int[] shape, out string? reason)
        {
            reason = null;
            if (!_byName.TryGetValue(name, out var t)) { reason = "is not among the graph's initializers"; return null; }
            if (t.DataType != OnnxTensor.Float || !t.Dims.Select(d => (int)d).SequenceEqual(shape))
            {
                reason = $"has shape [{string.Join(", ", t.Dims)}], the model needs float [{string.Join(", ", shape)}]";
                return null;
            }
            return t.Floats;
        }
    }

    /// <summary>One pass over the nodes, in the file's (topological) order.</summary>
    private sealed class Walk
    {
        private readonly OnnxGraph _graph;
        private readonly ForeignModelOptions _options;
        private readonly string _path;
        private readonly Dictionary<string, OnnxTensor> _constants = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long[]> _integers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _alias = new(StringComparer.Ordinal);
        private readonly List<Op> _ops = [];
        private readonly HashSet<OnnxNode> _skip = [];
        private readonly Dictionary<string, string> _producer = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int[]> _chainDims = new(StringComparer.Ordinal);
        private OnnxNode? _splitHead;
        private int[] _inputDims = [];
        private string _current = "";
        private int[] _dims = [];
        private string _latentTensor, _latentOp = "", _muTensor = "", _logVarTensor = "";
        private float[] _scale = [], _shift = [];
        private bool _normalizing = true, _biasOpen;
        private int _index;

        public Walk(OnnxGraph graph, ForeignModelOptions options, string? latent, string path)
        {
            _graph = graph;
            _options = options;
            _path = path;
            _latentTensor = latent ?? "";
        }

        public ModelDescription Run()
        {
            foreach (var t in _graph.Initializers) Constant(t.Name, t);
            var input = _graph.Inputs.FirstOrDefault(i => !_constants.ContainsKey(i.Name))
                ?? throw Fail("the graph has no input that is not an initializer");
            if (input.Dims.Length is < 2 or > 3 || input.Dims.Skip(1).Any(d => d <= 0))
                throw Fail($"input \"{input.Name}\" has shape [{Dims(input.Dims)}]; EdgeVae reads [batch, features] or [batch, channels, length] with fixed sizes after the batch");
            _current = input.Name;
            _dims = input.Dims.Skip(1).Select(d => checked((int)d)).ToArray();
            int[] inputDims = _inputDims = _dims;
            _chainDims[_current] = _dims;
            int inputSize = _dims.Aggregate(1, (a, d) => checked(a * d));
            _scale = Enumerable.Repeat(1f, inputSize).ToArray();
            _shift = new float[inputSize];
            FindHeads();

            foreach (var node in _graph.Nodes)
            {
                if (_skip.Contains(node)) continue;
                if (node.Domain is not ("" or "ai.onnx")) throw Unsupported(node, $"its domain \"{node.Domain}\" is not ONNX's own");
                if (node.Outputs.Length == 0 || node.Outputs[0].Length == 0) throw Unsupported(node, "it has no output");
                Node(node);
            }

            var reconstruction = _graph.Outputs.Select(o => Resolve(o.Name)).FirstOrDefault(n => n == _current);
            if (reconstruction is null)
                throw Fail($"no graph output is the end of the chain of layers (tensor \"{_current}\"); outputs: {string.Join(", ", _graph.Outputs.Select(o => o.Name))}");
            if (_dims.Aggregate(1, (a, d) => a * d) != inputSize)
                throw Fail($"the reconstruction \"{_current}\" has shape [{string.Join(", ", _dims)}] per sample, the input [{string.Join(", ", inputDims)}]: an autoencoder's output has the input's size");
            if (_latentOp.Length == 0 && _latentTensor.Length > 0 && _producer.TryGetValue(Resolve(_latentTensor), out var producer)) _latentOp = producer;
            if (_latentOp.Length == 0) throw Fail(LatentHelp());

            bool conv = inputDims.Length == 2;
            if (conv && _dims.Length == 2)
            {
                // Back from [channels × length] to the interleaved window the device delivers.
                _ops.Add(new TransposeOp("channels_last"));
                _ops.Add(new ReshapeOp("interleave", TensorShape.Features(inputSize)));
            }
            bool vae = _muTensor.Length > 0 || _isVae;
            if (!ModelFileFormat.TryParseKind(_options.Kind, out var kind)) throw new ArgumentException($"--kind \"{_options.Kind}\": use ae, sparse, denoising or vae.");
            if (vae) kind = ModelKind.Variational;
            else if (kind == ModelKind.Variational) throw Fail("--kind vae needs the graph to output mu and logvar (μ and log σ², from two heads)");
            var reconstructionKind = _options.Reconstruction switch
            {
                "gaussian" => ReconstructionKind.Gaussian,
                "bernoulli" => ReconstructionKind.Bernoulli,
                var r => throw new ArgumentException($"--reconstruction \"{r}\": use gaussian or bernoulli."),
            };
            var prefix = new List<Op> { Normalization(inputDims) };
            if (conv)
            {
                // The device delivers the window interleaved ([length × channels]); the graph's convolutions read [channels × length].
                prefix.Add(new ReshapeOp("window", TensorShape.Sequence(inputDims[1], inputDims[0])));
                prefix.Add(new TransposeOp("channels_first"));
            }
            _ops.InsertRange(0, prefix);
            var graph = new ModelGraph(TensorShape.Features(inputSize), new EquatableArray<Op>(_ops.ToArray()), _latentOp);
            var training = new System.Text.Json.Nodes.JsonObject { ["tool"] = "imported from ONNX", ["source"] = Path.GetFileName(_path), ["producer"] = _graph.Name };
            var data = conv
                ? new DataContract(inputDims[0], inputDims[1], 0, 0, EquatableArray<string>.Empty)
                : new DataContract(_options.Channels, _options.Window, 0, 0, EquatableArray<string>.Empty);
            return new ModelDescription(ModelFileFormat.CurrentVersion, _options.Name, kind, reconstructionKind, data, graph, EquatableArray<Threshold>.Empty, training.ToJsonString());
        }

        /// <summary>The input normalization y = (x − offset)·scale from the folded affine y = s·x + t, reordered for a [channels, length] input to the interleaved window.</summary>
        private NormalizeOp Normalization(int[] inputDims)
        {
            int n = _scale.Length;
            var offset = new float[n];
            var scale = new float[n];
            bool identity = true;
            for (int i = 0; i < n; i++)
            {
                if (_scale[i] == 0 || !float.IsFinite(_scale[i]) || !float.IsFinite(_shift[i])) throw Fail($"the input normalization multiplies feature {i} by {_scale[i]}: it must be finite and not zero");
                int at = inputDims.Length == 2 ? i % inputDims[1] * inputDims[0] + i / inputDims[1] : i; // (c, l) → l·C + c
                scale[at] = _scale[i];
                offset[at] = -_shift[i] / _scale[i];
                identity &= _scale[i] == 1 && _shift[i] == 0;
            }
            return new NormalizeOp("normalize", identity ? NormalizationMethod.None : NormalizationMethod.ZScore, new(offset), new(scale));
        }

        private void Node(OnnxNode node)
        {
            switch (node.OpType)
            {
                case "Constant": Constant(Output(node), ConstantValue(node)); return;
                case "Identity" or "Dropout": Alias(node); return;
                case "Shape" or "Gather" or "Unsqueeze" or "Squeeze" or "Concat" or "Cast" when !TouchesChain(node): Fold(node); return;
                case "Add" or "Sub" or "Mul" or "Div" when !TouchesChain(node): Fold(node); return;
            }
            string x = ChainInput(node);
            switch (node.OpType)
            {
                case "Add" or "Sub" or "Mul" or "Div": Elementwise(node, x); break;
                case "Gemm": Gemm(node); break;
                case "MatMul": MatMul(node); break;
                case "Conv": Conv(node); break;
                case "Resize" or "Upsample": Resize(node); break;
                case "Relu": Activation(node, ActivationFunction.Relu); break;
                case "Sigmoid": Activation(node, ActivationFunction.Sigmoid); break;
                case "Tanh": Activation(node, ActivationFunction.Tanh); break;
                case "Softplus": Activation(node, ActivationFunction.Softplus); break;
                case "LeakyRelu":
                    float alpha = node.Float("alpha", 0.01f);
                    if (Math.Abs(alpha - 0.01f) > 1e-6f) throw Unsupported(node, $"its slope alpha = {alpha.ToString(CultureInfo.InvariantCulture)}; EdgeVae's leaky ReLU has slope 0.01");
                    Activation(node, ActivationFunction.LeakyRelu);
                    break;
                case "Split" when node == _splitHead: SplitHead(node); break;
                case "Reshape": Reshape(node, TargetShape(node)); break;
                case "Flatten":
                    if (node.Int("axis", 1) != 1) throw Unsupported(node, "it flattens from an axis other than 1 (the one after the batch)");
                    Reshape(node, [_dims.Aggregate(1, (a, d) => a * d)]);
                    break;
                case "Transpose":
                    var perm = node.Ints("perm");
                    if (_dims.Length != 2 || !perm.SequenceEqual([0L, 2, 1])) throw Unsupported(node, $"it permutes [{string.Join(", ", perm)}] a tensor of [{string.Join(", ", _dims)}] per sample; EdgeVae swaps channels and length ([0, 2, 1])");
                    Push(new TransposeOp(Name("transpose")), node, [_dims[1], _dims[0]]);
                    break;
                default:
                    throw Unsupported(node, node.OpType == "ConvTranspose" ? "EdgeVae's decoders upsample then convolve: export nn.Upsample(scale_factor=k, mode=\"nearest\") followed by a Conv1d" : "EdgeVae has no such op");
            }
        }

        private void Elementwise(OnnxNode node, string x)
        {
            var (other, _) = ConstantOperand(node, x);
            bool first = node.Inputs.Length > 0 && Resolve(node.Inputs[0]) == x;
            if (_normalizing)
            {
                var c = Broadcast(node, other, _dims);
                for (int i = 0; i < c.Length; i++)
                    switch (node.OpType)
                    {
                        case "Add": _shift[i] += c[i]; break;
                        case "Sub" when first: _shift[i] -= c[i]; break;
                        case "Sub": throw Unsupported(node, "it subtracts the input from a constant; write x − c");
                        case "Mul": _scale[i] *= c[i]; _shift[i] *= c[i]; break;
                        case "Div" when first: _scale[i] /= c[i]; _shift[i] /= c[i]; break;
                        default: throw Unsupported(node, "it divides a constant by the input");
                    }
                Alias(node, x);
                return;
            }
            if (node.OpType == "Add" && _biasOpen && _ops[^1] is DenseOp d)
            {
                var b = Broadcast(node, other, [d.OutFeatures]);
                _ops[^1] = d with { Bias = new(d.Bias.AsArray().Zip(b, (p, q) => p + q).ToArray()) };
                _biasOpen = false;
                Alias(node, x);
                return;
            }
            throw Unsupported(node, "an elementwise " + node.OpType + " by a constant is supported at the input (the normalization) and as the bias after a MatMul");
        }

        private void Gemm(OnnxNode node)
        {
            if (node.Int("transA", 0) != 0) throw Unsupported(node, "transA = 1");
            if (_dims.Length != 1) throw Unsupported(node, $"its input has shape [{string.Join(", ", _dims)}] per sample; flatten it first");
            var dense = GemmParameters(node);
            Push(dense with { Name = Layer() }, node, [dense.OutFeatures]);
        }

        /// <summary>A Gemm's weights as a dense op: W [out, in] = B (transB) or Bᵀ, times alpha; bias = beta · C.</summary>
        private DenseOp GemmParameters(OnnxNode node)
        {
            var b = Const(node, 1, "B");
            if (b.Dims.Length != 2) throw Unsupported(node, $"its weight has shape [{Dims(b.Dims)}]");
            bool transB = node.Int("transB", 0) != 0;
            int outs = (int)(transB ? b.Dims[0] : b.Dims[1]), ins = (int)(transB ? b.Dims[1] : b.Dims[0]);
            if (ins != _dims[0]) throw Unsupported(node, $"its weight takes {ins} inputs, the tensor before it has {_dims[0]}");
            float alpha = node.Float("alpha", 1f), beta = node.Float("beta", 1f);
            var w = new float[outs * ins];
            for (int o = 0; o < outs; o++)
                for (int i = 0; i < ins; i++)
                    w[o * ins + i] = alpha * (transB ? b.Floats[o * ins + i] : b.Floats[i * outs + o]);
            var bias = node.Inputs.Length > 2 && node.Inputs[2].Length > 0 ? Broadcast(node, Const(node, 2, "C"), [outs]).Select(v => beta * v).ToArray() : new float[outs];
            return new DenseOp("", ins, outs, new(w), new(bias));
        }

        private void MatMul(OnnxNode node)
        {
            if (_dims.Length != 1) throw Unsupported(node, $"its input has shape [{string.Join(", ", _dims)}] per sample; EdgeVae's dense layers take features");
            var b = Const(node, 1, "B");
            if (b.Dims.Length != 2 || b.Dims[0] != _dims[0]) throw Unsupported(node, $"its weight has shape [{Dims(b.Dims)}] for {_dims[0]} inputs");
            int ins = (int)b.Dims[0], outs = (int)b.Dims[1];
            var w = new float[outs * ins];
            for (int o = 0; o < outs; o++) for (int i = 0; i < ins; i++) w[o * ins + i] = b.Floats[i * outs + o];
            Push(new DenseOp(Layer(), ins, outs, new(w), new(new float[outs])), node, [outs], biasOpen: true);
        }

        private void Conv(OnnxNode node)
        {
            if (_dims.Length != 2) throw Unsupported(node, $"its input has shape [{string.Join(", ", _dims)}] per sample; a 1-D convolution takes [channels, length]");
            if (node.Int("group", 1) != 1) throw Unsupported(node, "group ≠ 1 (depthwise or grouped convolutions)");
            string autoPad = node.String("auto_pad", "NOTSET");
            if (autoPad is not ("NOTSET" or "")) throw Unsupported(node, $"auto_pad = {autoPad}; export with explicit pads");
            var w = Const(node, 1, "W");
            if (w.Dims.Length != 3 || w.Dims[1] != _dims[0]) throw Unsupported(node, $"its weight has shape [{Dims(w.Dims)}] for {_dims[0]} input channels; a 1-D convolution's is [out, in, kernel]");
            int outs = (int)w.Dims[0], k = (int)w.Dims[2];
            long[] strides = node.Ints("strides"), dilations = node.Ints("dilations"), pads = node.Ints("pads");
            int stride = strides.Length > 0 ? (int)strides[0] : 1, dilation = dilations.Length > 0 ? (int)dilations[0] : 1;
            int left = pads.Length > 0 ? (int)pads[0] : 0, right = pads.Length > 1 ? (int)pads[1] : left;
            if (strides.Length > 1 || dilations.Length > 1 || pads.Length > 2) throw Unsupported(node, "it is not a 1-D convolution");
            var bias = node.Inputs.Length > 2 && node.Inputs[2].Length > 0 ? Broadcast(node, Const(node, 2, "B"), [outs]) : new float[outs];
            var op = new Conv1DOp(Layer(), _dims[0], outs, k, stride, dilation, left, right, new(w.Floats), new(bias));
            int frames = (_dims[1] + left + right - dilation * (k - 1) - 1) / stride + 1;
            if (frames < 1) throw Unsupported(node, "its output has no frames");
            Push(op, node, [outs, frames]);
        }

        private void Resize(OnnxNode node)
        {
            if (_dims.Length != 2) throw Unsupported(node, "it resizes a tensor that is not [channels, length]");
            string mode = node.String("mode", "nearest");
            if (mode != "nearest") throw Unsupported(node, $"mode \"{mode}\"; EdgeVae upsamples by repeating frames (nearest)");
            string coordinates = node.String("coordinate_transformation_mode", "half_pixel");
            long factor;
            float[]? scales = null;
            long[]? sizes = null;
            if (node.OpType == "Upsample") scales = node.Inputs.Length > 1 ? Const(node, 1, "scales").Floats : node.Attribute("scales")?.Floats;
            else
            {
                if (node.Inputs.Length > 2 && node.Inputs[2].Length > 0) scales = Const(node, 2, "scales").Floats;
                if (node.Inputs.Length > 3 && node.Inputs[3].Length > 0) sizes = Integers(node, 3);
                // For an integer factor, nearest with asymmetric or half-pixel coordinates (floor or the default rounding) repeats each frame factor times.
                if (coordinates is not ("asymmetric" or "half_pixel" or "pytorch_half_pixel")) throw Unsupported(node, $"coordinate_transformation_mode \"{coordinates}\"");
            }
            if (scales is { Length: > 0 })
            {
                if (scales.Length != 3 || scales[0] != 1 || scales[1] != 1 || scales[2] < 1 || scales[2] != MathF.Floor(scales[2])) throw Unsupported(node, $"scales [{string.Join(", ", scales)}]; EdgeVae upsamples the length by an integer factor");
                factor = (long)scales[2];
            }
            else if (sizes is { Length: 3 } && sizes[1] == _dims[0] && sizes[2] % _dims[1] == 0) factor = sizes[2] / _dims[1];
            else throw Unsupported(node, "it gives neither integer scales nor sizes that are a multiple of the length");
            Push(new UpsampleOp(Name("upsample"), (int)factor), node, [_dims[0], _dims[1] * (int)factor]);
        }

        private void Activation(OnnxNode node, ActivationFunction f) => Push(new ActivationOp(Name(ActivationMath.Name(f)), f), node, _dims);

        private void Reshape(OnnxNode node, int[] dims)
        {
            if (dims.Length is < 1 or > 2) throw Unsupported(node, $"it reshapes to [{string.Join(", ", dims)}] per sample; EdgeVae's tensors are [features] or [channels, length]");
            if (dims.SequenceEqual(_dims)) { Alias(node, _current); return; }
            if (_normalizing)
            {
                // Before the first layer a reshape only changes how the normalization's constants broadcast.
                _dims = dims;
                Alias(node, _current);
                return;
            }
            var shape = dims.Length == 1 ? TensorShape.Features(dims[0]) : TensorShape.Sequence(dims[0], dims[1]);
            Push(new ReshapeOp(Name(dims.Length == 1 ? "flatten" : "unflatten"), shape), node, dims);
        }

        /// <summary>Reshape's target per sample: 0 copies the input's dimension, −1 takes the rest; the first dimension must be the batch.</summary>
        private int[] TargetShape(OnnxNode node)
        {
            var target = Integers(node, 1);
            long size = _dims.Aggregate(1L, (a, d) => a * d);
            if (target.Length == 0 || (target[0] != Batch && target[0] != 0 && target[0] != -1 && target[0] != 1))
                throw Unsupported(node, $"its target shape [{Shape(target)}] does not keep the batch first");
            var rest = target.Skip(1).Select((d, i) => d == 0 ? (i < _dims.Length ? _dims[i] : 0) : d).ToArray();
            if (rest.Any(d => d == Batch || d < -1 || d == 0)) throw Unsupported(node, $"its target shape [{Shape(target)}] is not one EdgeVae can follow");
            long known = rest.Where(d => d > 0).Aggregate(1L, (a, d) => a * d);
            int unknown = rest.Count(d => d == -1);
            if (unknown > 1 || (unknown == 0 && known != size) || (unknown == 1 && size % known != 0))
                throw Unsupported(node, $"its target shape [{Shape(target)}] does not hold the {size} values of a sample");
            return rest.Select(d => (int)(d == -1 ? size / known : d)).ToArray();
        }

        /// <summary>Adds an op and makes the node's output the chain's tensor, recording the latent when it is that tensor.</summary>
        private void Push(Op op, OnnxNode node, int[] dims, bool biasOpen = false)
        {
            if (_normalizing && !_dims.SequenceEqual(_inputDims))
            {
                // Reshapes around the normalization moved no values (row-major): the first layer sees them as one reshape.
                _ops.Add(new ReshapeOp("input.reshape", _dims.Length == 1 ? TensorShape.Features(_dims[0]) : TensorShape.Sequence(_dims[0], _dims[1])));
            }
            _normalizing = false;
            _biasOpen = biasOpen;
            _ops.Add(op);
            _current = Output(node);
            _producer[_current] = op.Name;
            _chainDims[_current] = dims;
            _dims = dims;
            if (_current == _latentTensor && _muTensor.Length == 0) { _latentOp = op.Name; _index = 0; }
            if (_current == _muTensor) Heads(node);
        }

        /// <summary>
        /// μ's head reached: μ and log σ² from the same tensor become one dense layer of twice the latent (μ first) and the
        /// Gaussian head, whose μ the decoder reads.
        /// </summary>
        private void Heads(OnnxNode muNode)
        {
            if (_ops[^1] is not DenseOp pushed || muNode.OpType is not ("Gemm" or "MatMul"))
                throw Unsupported(muNode, "mu's head must be a Gemm or a MatMul (+ Add) beside logvar's");
            string name = pushed.Name;
            _dims = [pushed.InFeatures]; // the heads' input, for their checks
            _ops.RemoveAt(_ops.Count - 1);
            var logVarNode = _graph.Nodes.FirstOrDefault(n => n.Outputs.Contains(_logVarTensor)) ?? throw Fail($"no node produces \"{_logVarTensor}\"");
            var mu = HeadWeights(muNode);
            var logVar = HeadWeights(logVarNode);
            if (logVar.InFeatures != mu.InFeatures || logVar.OutFeatures != mu.OutFeatures)
                throw Fail($"the heads mu ({mu.InFeatures} → {mu.OutFeatures}) and logvar ({logVar.InFeatures} → {logVar.OutFeatures}) differ in size");
            _ops.Add(new DenseOp(name, mu.InFeatures, 2 * mu.OutFeatures,
                new(mu.Weight.AsArray().Concat(logVar.Weight.AsArray()).ToArray()), new(mu.Bias.AsArray().Concat(logVar.Bias.AsArray()).ToArray())));
            _ops.Add(new GaussianHeadOp(name + ".gaussian"));
            _latentOp = name + ".gaussian";
            _index = 0;
            _biasOpen = false;
            _dims = [mu.OutFeatures];
        }

        /// <summary>A Split of a dense layer's output into equal μ and log σ² halves: EdgeVae's Gaussian head.</summary>
        private void SplitHead(OnnxNode node)
        {
            if (_ops.Count == 0 || _ops[^1] is not DenseOp dense || dense.OutFeatures % 2 != 0 || _dims.Length != 1)
                throw Unsupported(node, "a VAE's split head must split a dense layer's output in two halves, μ then log σ²");
            long axis = node.Int("axis", 0);
            var split = node.Inputs.Length > 1 && node.Inputs[1].Length > 0 ? Integers(node, 1) : node.Ints("split");
            int l = dense.OutFeatures / 2;
            if (axis != 1 && axis != -1 || (split.Length > 0 && !split.SequenceEqual([(long)l, l])))
                throw Unsupported(node, $"it splits along axis {axis} into [{string.Join(", ", split)}]; the head splits the features (axis 1) into [{l}, {l}]");
            Push(new GaussianHeadOp(dense.Name + ".gaussian"), node, [l]);
            _latentOp = dense.Name + ".gaussian";
            _index = 0;
            _isVae = true;
        }

        private bool _isVae;

        private DenseOp HeadWeights(OnnxNode node)
        {
            if (node.OpType == "Gemm") return GemmParameters(node);
            // MatMul + Add: the Add was set aside with the MatMul.
            var b = Const(node, 1, "B");
            int ins = (int)b.Dims[0], outs = (int)b.Dims[1];
            var w = new float[outs * ins];
            for (int o = 0; o < outs; o++) for (int i = 0; i < ins; i++) w[o * ins + i] = b.Floats[i * outs + o];
            var add = _graph.Nodes.FirstOrDefault(n => n.OpType == "Add" && n.Inputs.Contains(node.Outputs[0]));
            var bias = add is null ? new float[outs] : Broadcast(add, ConstantOperand(add, node.Outputs[0]).Tensor, [outs]);
            return new DenseOp("", ins, outs, new(w), new(bias));
        }

        /// <summary>Finds mu and logvar outputs (a VAE) or the latent output, and sets aside logvar's head.</summary>
        private void FindHeads()
        {
            string? Output(params string[] names) => _graph.Outputs.Select(o => o.Name).FirstOrDefault(o => names.Contains(o.ToLowerInvariant()));
            var mu = Output("mu", "mean", "z_mean");
            var logVar = Output("logvar", "log_var", "logvariance", "log_sigma2", "z_log_var");
            if (mu is not null && logVar is not null)
            {
                var head = _graph.Nodes.FirstOrDefault(n => n.Outputs.Contains(logVar)) ?? throw Fail($"no node produces the output \"{logVar}\"");
                if (head.OpType == "Split" && head.Outputs.Length == 2 && head.Outputs[0] == mu)
                {
                    // One dense layer of [μ | log σ²] split in two (as EdgeVae exports a VAE): the Gaussian head itself.
                    _splitHead = head;
                    return;
                }
                _muTensor = mu;
                _logVarTensor = logVar;
                if (head.OpType == "Add")
                {
                    // MatMul + Add: the head is the MatMul behind the Add.
                    var matmul = _graph.Nodes.FirstOrDefault(n => n.OpType == "MatMul" && n.Outputs.Length > 0 && head.Inputs.Contains(n.Outputs[0])) ?? throw Unsupported(head, "logvar's head must be a Gemm or a MatMul + Add");
                    _skip.Add(head);
                    head = matmul;
                    _logVarTensor = matmul.Outputs[0];
                }
                if (head.OpType is not ("Gemm" or "MatMul")) throw Unsupported(head, "logvar's head must be a Gemm or a MatMul (+ Add) beside mu's");
                _skip.Add(head);
                var muNode = _graph.Nodes.FirstOrDefault(n => n.Outputs.Contains(mu));
                if (muNode is { OpType: "Add" })
                {
                    // μ from MatMul + Add: μ's tensor is the Add's, which folds into the MatMul's bias before Heads runs.
                    var matmul = _graph.Nodes.FirstOrDefault(n => n.OpType == "MatMul" && n.Outputs.Length > 0 && muNode.Inputs.Contains(n.Outputs[0]));
                    if (matmul is not null) { _muTensor = matmul.Outputs[0]; _skip.Add(muNode); }
                }
                return;
            }
            if (_latentTensor.Length == 0) _latentTensor = Output("latent", "z", "code", "embedding", "encoded") ?? "";
        }

        private string LatentHelp() =>
            (_latentTensor.Length > 0 ? $"the latent tensor \"{_latentTensor}\" is not in the chain of layers" : "no graph output is the latent (latent, z, code, or mu and logvar for a VAE)")
            + "; name the tensor between encoder and decoder with --latent NAME";

        private bool TouchesChain(OnnxNode node) => node.Inputs.Any(i => i.Length > 0 && Resolve(i) == _current && !_constants.ContainsKey(i) && !_integers.ContainsKey(i))
            && node.OpType != "Shape";

        private string ChainInput(OnnxNode node)
        {
            var chain = node.Inputs.Where(i => i.Length > 0 && !_constants.ContainsKey(Resolve(i)) && !_integers.ContainsKey(Resolve(i))).Select(Resolve).Distinct().ToList();
            if (chain.Count != 1 || chain[0] != _current)
                throw Unsupported(node, chain.Count == 1
                    ? $"it reads tensor \"{chain[0]}\" while the chain of layers is at \"{_current}\": EdgeVae maps graphs that are one chain (a VAE's two heads aside)"
                    : $"it reads {chain.Count} tensors that are not constants");
            return chain[0];
        }

        private void Alias(OnnxNode node, string? to = null)
        {
            string target = to ?? Resolve(node.Inputs.FirstOrDefault() ?? "");
            foreach (var o in node.Outputs.Take(1))
            {
                if (_constants.TryGetValue(target, out var c)) _constants[o] = c;
                else if (_integers.TryGetValue(target, out var v)) _integers[o] = v;
                else _alias[o] = target;
            }
        }

        private string Resolve(string name)
        {
            for (int guard = 0; guard < 10000 && _alias.TryGetValue(name, out var t); guard++) name = t;
            return name;
        }

        private void Constant(string name, OnnxTensor t)
        {
            if (t.DataType == OnnxTensor.Float) _constants[name] = t;
            else _integers[name] = t.Longs;
        }

        private OnnxTensor ConstantValue(OnnxNode node)
        {
            var a = node.Attributes.FirstOrDefault() ?? throw Unsupported(node, "it has no value");
            return a.Name switch
            {
                "value" when a.T is not null => a.T,
                "value_float" => new OnnxTensor("", [], OnnxTensor.Float, [a.F], []),
                "value_floats" => new OnnxTensor("", [a.Floats.Length], OnnxTensor.Float, a.Floats, []),
                "value_int" => new OnnxTensor("", [], OnnxTensor.Int64, [], [a.I]),
                "value_ints" => new OnnxTensor("", [a.Ints.Length], OnnxTensor.Int64, [], a.Ints),
                _ => throw Unsupported(node, $"its value is given as \"{a.Name}\""),
            };
        }

        /// <summary>Shape arithmetic on integer vectors (the batch symbolic), or float constants combined.</summary>
        private void Fold(OnnxNode node)
        {
            string output = Output(node);
            int needed = node.OpType switch { "Gather" or "Add" or "Sub" or "Mul" or "Div" => 2, "Concat" => 0, _ => 1 };
            if (node.Inputs.Length < needed || node.Inputs.Take(needed).Any(i => i.Length == 0)) throw Unsupported(node, $"it has {node.Inputs.Length} inputs, it needs {needed}");
            switch (node.OpType)
            {
                case "Shape":
                    string x = Resolve(node.Inputs[0]);
                    long[] shape = x == _current ? [Batch, .. _dims.Select(d => (long)d)]
                        : _chainDims.TryGetValue(x, out var earlier) ? [Batch, .. earlier.Select(d => (long)d)]
                        : _constants.TryGetValue(x, out var ct) ? ct.Dims
                        : _integers.TryGetValue(x, out var it) ? [it.Length]
                        : throw Unsupported(node, $"it asks the shape of \"{x}\", which is not the chain's tensor or a constant");
                    long start = node.Int("start", 0), end = node.Int("end", shape.Length);
                    if (start < 0) start += shape.Length;
                    if (end < 0) end += shape.Length;
                    _integers[output] = shape[(int)Math.Clamp(start, 0, shape.Length)..(int)Math.Clamp(end, 0, shape.Length)];
                    break;
                case "Gather":
                    var data = Integers(node, 0);
                    var indices = Integers(node, 1);
                    if (node.Int("axis", 0) != 0) throw Unsupported(node, "it gathers along an axis other than 0 of a shape vector");
                    _integers[output] = indices.Select(i => i < 0 ? i + data.Length : i).Select(i => i >= 0 && i < data.Length ? data[i] : throw Unsupported(node, $"index {i} is outside the shape [{Shape(data)}]")).ToArray();
                    break;
                case "Unsqueeze" or "Squeeze" or "Cast":
                    if (_constants.TryGetValue(Resolve(node.Inputs[0]), out var f)) { _constants[output] = f; break; }
                    _integers[output] = Integers(node, 0);
                    break;
                case "Concat":
                    if (node.Int("axis", 0) != 0) throw Unsupported(node, "it concatenates along an axis other than 0");
                    _integers[output] = node.Inputs.SelectMany((_, i) => Integers(node, i)).ToArray();
                    break;
                case "Add" or "Sub" or "Mul" or "Div":
                    if (node.Inputs.Take(2).All(i => _constants.ContainsKey(Resolve(i))))
                    {
                        // Two float constants (a normalization computed in the graph): combine them elementwise (same shape or a scalar).
                        var a = _constants[Resolve(node.Inputs[0])];
                        var b = _constants[Resolve(node.Inputs[1])];
                        var big = a.Count >= b.Count ? a : b;
                        if (a.Count != b.Count && a.Count != 1 && b.Count != 1) throw Unsupported(node, "it combines constants of different shapes");
                        var values = new float[big.Count];
                        for (int i = 0; i < values.Length; i++)
                        {
                            float p = a.Floats[a.Count == 1 ? 0 : i], q = b.Floats[b.Count == 1 ? 0 : i];
                            values[i] = node.OpType switch { "Add" => p + q, "Sub" => p - q, "Mul" => p * q, _ => p / q };
                        }
                        _constants[output] = new OnnxTensor(output, big.Dims, OnnxTensor.Float, values, []);
                        break;
                    }
                    var l = Integers(node, 0);
                    var r = Integers(node, 1);
                    if (l.Length != r.Length && l.Length != 1 && r.Length != 1) throw Unsupported(node, "it combines shape vectors of different lengths");
                    _integers[output] = Enumerable.Range(0, Math.Max(l.Length, r.Length)).Select(i =>
                    {
                        long p = l[l.Length == 1 ? 0 : i], q = r[r.Length == 1 ? 0 : i];
                        if (p == Batch || q == Batch) return Batch;
                        return node.OpType switch { "Add" => p + q, "Sub" => p - q, "Mul" => p * q, _ => q != 0 ? p / q : throw Unsupported(node, "it divides by zero") };
                    }).ToArray();
                    break;
            }
        }

        private long[] Integers(OnnxNode node, int input)
        {
            if (input >= node.Inputs.Length) throw Unsupported(node, $"input {input + 1} is missing");
            string name = Resolve(node.Inputs[input]);
            if (_integers.TryGetValue(name, out var v)) return v;
            if (_constants.TryGetValue(name, out var c) && c.Floats.All(f => f == MathF.Floor(f))) return c.Floats.Select(f => (long)f).ToArray();
            throw Unsupported(node, $"its input \"{name}\" is not a constant EdgeVae can fold");
        }

        private OnnxTensor Const(OnnxNode node, int input, string what)
        {
            if (input >= node.Inputs.Length || !_constants.TryGetValue(Resolve(node.Inputs[input]), out var t))
                throw Unsupported(node, $"its {what} is not a float constant (an initializer or a Constant)");
            return t;
        }

        private (OnnxTensor Tensor, int Index) ConstantOperand(OnnxNode node, string x)
        {
            for (int i = 0; i < node.Inputs.Length; i++)
                if (Resolve(node.Inputs[i]) != x && _constants.TryGetValue(Resolve(node.Inputs[i]), out var t)) return (t, i);
            throw Unsupported(node, "its other operand is not a float constant");
        }

        /// <summary>A constant broadcast (numpy's rules, a leading batch of 1 allowed) to the per-sample shape <paramref name="dims"/>, flat.</summary>
        private float[] Broadcast(OnnxNode node, OnnxTensor c, int[] dims)
        {
            var cd = c.Dims.SkipWhile((d, i) => d == 1 && c.Dims.Length - i > dims.Length).ToArray();
            if (cd.Length > dims.Length) throw Unsupported(node, $"its constant of shape [{Dims(c.Dims)}] does not broadcast to [{string.Join(", ", dims)}]");
            var padded = Enumerable.Repeat(1L, dims.Length - cd.Length).Concat(cd).ToArray();
            for (int i = 0; i < dims.Length; i++)
                if (padded[i] != 1 && padded[i] != dims[i]) throw Unsupported(node, $"its constant of shape [{Dims(c.Dims)}] does not broadcast to [{string.Join(", ", dims)}]");
            int n = dims.Aggregate(1, (a, d) => a * d);
            var result = new float[n];
            for (int flat = 0; flat < n; flat++)
            {
                int rem = flat, src = 0, stride = 1;
                var index = new int[dims.Length];
                for (int k = dims.Length - 1; k >= 0; k--) { index[k] = rem % dims[k]; rem /= dims[k]; }
                for (int k = dims.Length - 1; k >= 0; k--)
                {
                    if (padded[k] != 1) src += index[k] * stride;
                    stride *= (int)padded[k];
                }
                result[flat] = c.Floats[src];
            }
            return result;
        }

        private string Layer() => (_latentOp.Length == 0 ? "encoder." : "decoder.") + _index++;

        private string Name(string what) => (_ops.Count > 0 ? _ops[^1].Name : "input") + "." + what;

        private static string Output(OnnxNode node) => node.Outputs.FirstOrDefault() ?? "";

        private static string Dims(long[] dims) => string.Join(", ", dims);

        private static string Shape(long[] dims) => string.Join(", ", dims.Select(d => d == Batch ? "batch" : d.ToString(CultureInfo.InvariantCulture)));

        private ModelFileException Fail(string message) => new($"{_path}: {message}.");

        private ModelFileException Unsupported(OnnxNode node, string why) =>
            new($"{_path}: {node.Describe()} cannot be mapped: {why}. Supported: {Supported}.");
    }
}
