using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Quantization
{
    /// <summary>The integer precision of a compiled model's activations (weights are int8 in both).</summary>
    public enum QuantizedPrecision
    {
        /// <summary>int8 activations, int32 accumulation (TensorFlow Lite's int8 scheme).</summary>
        Int8,

        /// <summary>int16 symmetric activations × int8 weights, int64 accumulation (TensorFlow Lite's 16x8 scheme).</summary>
        Int16,
    }

    /// <summary>
    /// One step of the integer network: the graph ops <see cref="FirstOp"/>…<see cref="LastOp"/> (a dense or convolution
    /// with the ReLU after it fused, or one op), from <see cref="InputShape"/> codes in <see cref="Input"/> to
    /// <see cref="OutputShape"/> codes in <see cref="Output"/>. Plain equatable data, like everything the generator caches.
    /// </summary>
    public abstract record QuantizedStep
    {
        public string Name { get; init; } = "";

        public int FirstOp { get; init; }

        public int LastOp { get; init; }

        public TensorShape InputShape { get; init; }

        public TensorShape OutputShape { get; init; }

        public QuantParams Input { get; init; }

        public QuantParams Output { get; init; }

        public int InputLength => (int)InputShape.Size;

        public int OutputLength => (int)OutputShape.Size;

        /// <summary>Read-only bytes in the plain layout (weights, biases, requantization constants, tables).</summary>
        public virtual long FlashBytes(QuantizedPrecision precision) => 0;

        /// <summary>Multiply-accumulates of one run.</summary>
        public virtual long Macs => 0;
    }

    /// <summary>
    /// A step with weights: acc = Bias[c] + Σ_j q_in[j]·W[c, j] over the step's fan-in (the input zero point folded into
    /// Bias), then q = clamp(zp_out + MultiplyByQuantizedMultiplier(acc, Multiplier[c], Shift[c]), ClampMin, ClampMax). A
    /// fused ReLU is the clamp at the output's zero point.
    /// </summary>
    public abstract record QuantizedWeighted : QuantizedStep
    {
        /// <summary>Output channels (rows of <see cref="Weights"/>).</summary>
        public int Channels { get; init; }

        /// <summary>Inputs of one output value (columns of <see cref="Weights"/>).</summary>
        public int FanIn { get; init; }

        /// <summary>[Channels × FanIn] row-major, symmetric per channel in [−127, 127].</summary>
        public EquatableArray<sbyte> Weights { get; init; } = EquatableArray<sbyte>.Empty;

        public EquatableArray<float> WeightScales { get; init; } = EquatableArray<float>.Empty;

        /// <summary>At s_in · s_w[c], with −zp_in·Σ_j W[c, j] folded in (int32 range for int8, checked).</summary>
        public EquatableArray<long> Bias { get; init; } = EquatableArray<long>.Empty;

        public EquatableArray<int> Multiplier { get; init; } = EquatableArray<int>.Empty;

        public EquatableArray<int> Shift { get; init; } = EquatableArray<int>.Empty;

        public int ClampMin { get; init; }

        public int ClampMax { get; init; }

        /// <summary>The activation fused into the clamp (ReLU), or identity.</summary>
        public ActivationFunction Fused { get; init; }

        public override long FlashBytes(QuantizedPrecision precision) =>
            Weights.Count + (precision == QuantizedPrecision.Int8 ? 4 : 8) * (long)Channels + 8L * Channels;
    }

    /// <summary>The dense op in integers.</summary>
    public sealed record QuantizedDense : QuantizedWeighted
    {
        public override long Macs => (long)Channels * FanIn;
    }

    /// <summary>The Conv1D op in integers: each output frame is a dense step over the frame's receptive field (c·K + t order).</summary>
    public sealed record QuantizedConv1D : QuantizedWeighted
    {
        public int KernelSize { get; init; }

        public int Stride { get; init; }

        public int Dilation { get; init; }

        public int PaddingLeft { get; init; }

        public int PaddingRight { get; init; }

        public int InChannels => InputShape.Channels;

        public int InLength => InputShape.Length;

        public int OutLength => OutputShape.Length;

        public override long Macs => (long)Channels * FanIn * OutLength;
    }

    /// <summary>A nonlinearity as a table from the input's codes to the output's: 256 entries (int8), 513 interpolated (int16).</summary>
    public sealed record QuantizedLookup : QuantizedStep
    {
        public ActivationFunction Function { get; init; }

        public EquatableArray<short> Table { get; init; } = EquatableArray<short>.Empty;

        public override long FlashBytes(QuantizedPrecision precision) => 2L * Table.Count;
    }

    /// <summary>The same codes, another shape (reshape, an identity activation): nothing moves.</summary>
    public sealed record QuantizedReshape : QuantizedStep;

    /// <summary>[a × b] codes to [b × a].</summary>
    public sealed record QuantizedTranspose : QuantizedStep;

    /// <summary>Each code repeated <see cref="Factor"/> times along the length.</summary>
    public sealed record QuantizedUpsample : QuantizedStep
    {
        public int Factor { get; init; }
    }

    /// <summary>μ: the first half of the [μ | log σ²] codes.</summary>
    public sealed record QuantizedGaussianHead : QuantizedStep;

    /// <summary>
    /// A model file compiled to integers: everything the trainer's integer simulation and the generated code compute with.
    /// Produced by <see cref="Quantizer"/>; plain equatable data.
    /// </summary>
    /// <param name="Input">The normalised input's quantization.</param>
    /// <param name="LatentStep">The step whose output is the code (μ for a VAE).</param>
    /// <param name="ExpTable">A VAE's e^(log σ²) for each int8 code of the encoder output (the KL term).</param>
    /// <param name="SoftplusTable">A Bernoulli VAE's softplus of each int8 logit code (−log p(x|z)).</param>
    public sealed record QuantizedModel(
        QuantizedPrecision Precision,
        ModelDescription Source,
        QuantParams Input,
        EquatableArray<QuantizedStep> Steps,
        int LatentStep,
        EquatableArray<float> ExpTable,
        EquatableArray<float> SoftplusTable)
    {
        public int QMin => Precision == QuantizedPrecision.Int8 ? -128 : -32767;

        public int QMax => Precision == QuantizedPrecision.Int8 ? 127 : 32767;

        /// <summary>Bytes per activation value.</summary>
        public int ActivationBytes => Precision == QuantizedPrecision.Int8 ? 1 : 2;

        public bool IsVariational => Source.Kind == ModelKind.Variational;

        /// <summary>The step whose output the encoder hands on: the code, or for a VAE [μ | log σ²] (the head's input).</summary>
        public int CodeStep => IsVariational ? LatentStep - 1 : LatentStep;

        /// <summary>The code's quantization (for a VAE μ's and log σ²'s).</summary>
        public QuantParams Latent => Steps[CodeStep].Output;

        public QuantParams OutputParams => Steps[Steps.Count - 1].Output;

        /// <summary>Whether the last step is a table whose input is worth handing out (a Bernoulli decoder's logits).</summary>
        public bool HasLogits => Steps[Steps.Count - 1] is QuantizedLookup;

        /// <summary>The logits' quantization: the input of the last step.</summary>
        public QuantParams Logits => Steps[Steps.Count - 1].Input;

        /// <summary>The step that computes op <paramref name="op"/> of the graph, or −1 (the normalisation).</summary>
        public int StepOf(int op)
        {
            for (int i = 0; i < Steps.Count; i++) if (Steps[i].FirstOp <= op && op <= Steps[i].LastOp) return i;
            return -1;
        }

        /// <summary>Weights, biases, multipliers, shifts, tables and normalisation constants in the plain layout, in bytes.</summary>
        public long FlashBytes
        {
            get
            {
                long n = 8L * Source.FeatureSize; // normalisation offset and scale (float32)
                foreach (var s in Steps) n += s.FlashBytes(Precision);
                return n + 4L * ExpTable.Count + 4L * SoftplusTable.Count;
            }
        }

        public long Macs
        {
            get
            {
                long n = 0;
                foreach (var s in Steps) n += s.Macs;
                return n;
            }
        }
    }
}
