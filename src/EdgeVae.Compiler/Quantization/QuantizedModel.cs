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
    /// One dense layer in integers: acc = Bias[c] + Σ_j q_in[j]·W[c,j] (the input zero point is folded into
    /// Bias), then q = clamp(zp + MultiplyByQuantizedMultiplier(acc, Multiplier[c], Shift[c])) in the
    /// requantization target (the pre-activation tensor when a table follows, else the output), then the
    /// table when the activation is not ReLU or identity.
    /// </summary>
    public sealed record QuantizedLayer(
        string Name,
        int InFeatures,
        int OutFeatures,
        ActivationFunction Activation,
        EquatableArray<sbyte> Weights,
        EquatableArray<float> WeightScales,
        EquatableArray<long> Bias,
        EquatableArray<int> Multiplier,
        EquatableArray<int> Shift,
        QuantParams Input,
        QuantParams Target,
        QuantParams Output,
        int ClampMin,
        int ClampMax,
        EquatableArray<short> Table)
    {
        /// <summary>Whether the activation runs as a lookup table on the requantized pre-activation.</summary>
        public bool HasTable => Table.Count > 0;
    }

    /// <summary>
    /// A model file compiled to integers: everything the trainer's integer simulation and the generated code
    /// compute with. Produced by <see cref="Quantizer"/>; plain equatable data.
    /// </summary>
    public sealed record QuantizedModel(
        QuantizedPrecision Precision,
        ModelDescription Source,
        QuantParams Input,
        EquatableArray<QuantizedLayer> Layers,
        int EncoderLayerCount,
        EquatableArray<float> ExpTable,
        EquatableArray<float> SoftplusTable)
    {
        public int QMin => Precision == QuantizedPrecision.Int8 ? -128 : -32767;

        public int QMax => Precision == QuantizedPrecision.Int8 ? 127 : 32767;

        /// <summary>Bytes per activation value.</summary>
        public int ActivationBytes => Precision == QuantizedPrecision.Int8 ? 1 : 2;

        /// <summary>Widest tensor in the network (the ping-pong buffers' size).</summary>
        public int MaxWidth
        {
            get
            {
                int w = Source.InputSize;
                foreach (var l in Layers) if (l.OutFeatures > w) w = l.OutFeatures;
                return w;
            }
        }

        /// <summary>Weights, biases, multipliers, shifts, tables and normalisation constants, in bytes.</summary>
        public long FlashBytes
        {
            get
            {
                long n = 8L * Source.InputSize; // normalisation offset and scale (float32)
                foreach (var l in Layers)
                    n += l.Weights.Count + (Precision == QuantizedPrecision.Int8 ? 4 : 8) * (long)l.OutFeatures + 8L * l.OutFeatures + 2L * l.Table.Count;
                return n + 4L * ExpTable.Count + 4L * SoftplusTable.Count;
            }
        }

        /// <summary>Scratch a call needs: two ping-pong activation buffers plus the quantized input.</summary>
        public long RamBytes => (long)ActivationBytes * (2 * MaxWidth + Source.InputSize);
    }
}
