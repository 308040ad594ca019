using EdgeVae.Compiler.Json;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// One op of the model graph (ONNX's idea of an op: a schema plus shape inference). Ops run in order, each on the
    /// previous op's output; each knows its output shape, parameters, multiply-accumulates and how it is written in the
    /// model file, and rejects an input it cannot take with a message that names it and says why. Records of strings,
    /// numbers and equatable arrays, so a graph compares by content (the incremental generator caches on that).
    /// </summary>
    public abstract record Op
    {
        protected Op(string name) => Name = name;

        /// <summary>Unique within the graph; parameters are named after it (<c>encoder.0.weight</c>).</summary>
        public string Name { get; init; }

        /// <summary>The op's type as the model file spells it (<c>dense</c>, <c>conv1d</c>, …).</summary>
        public abstract string Type { get; }

        /// <summary>The range calibration saw at this op's output (the quantizer's activation scale), or unknown.</summary>
        public ValueRange Range { get; init; } = ValueRange.Unknown;

        /// <summary>The output shape for <paramref name="input"/>; throws <see cref="GraphException"/> when the op cannot take it.</summary>
        public abstract TensorShape OutputShape(TensorShape input);

        /// <summary>Trainable values (weights and biases).</summary>
        public virtual long ParameterCount => 0;

        /// <summary>Multiply-accumulates of one run on an input of shape <paramref name="input"/>.</summary>
        public virtual long Macs(TensorShape input) => 0;

        /// <summary>
        /// Activation values of scratch one run needs beside its input and output, on an input of shape
        /// <paramref name="input"/>: with <paramref name="packedKernels"/>, for the .NET flavor's packed int8 kernels, which
        /// gather operands before the product (a convolution's receptive field); otherwise for the reference loops.
        /// </summary>
        public virtual int ScratchValues(TensorShape input, bool packedKernels) => 0;

        /// <summary>
        /// Whether the output is the input's values rearranged (reshape, transpose, upsample, the Gaussian head's μ): it
        /// keeps the input's quantization, and calibration records the input's range for it.
        /// </summary>
        public virtual bool MovesDataOnly => false;

        /// <summary>The op-specific members, written after <c>op</c>, <c>name</c> and <c>range</c>.</summary>
        public abstract void WriteMembers(ModelFormat.OpWriter w);

        protected GraphException Error(string reason) => new GraphException(Name, reason);

        protected static string Printable(string text) => JsonParser.Printable(text);
    }
}
