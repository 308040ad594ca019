using EdgeVae.Contract;

namespace EdgeVae.Compiler.Model
{
    /// <summary>
    /// Everything a model file says, as plain equatable data: the contract between the trainer and the
    /// generator. Holds no Roslyn objects, so it can flow through an incremental pipeline.
    /// </summary>
    public sealed record ModelDescription(
        int FormatVersion,
        string Name,
        ModelKind Kind,
        int InputSize,
        int LatentSize,
        InputLayout Layout,
        ReconstructionKind Reconstruction,
        Normalization Normalization,
        EquatableArray<DenseLayer> Layers,
        ValueRange InputRange,
        EquatableArray<Threshold> Thresholds,
        string TrainingJson)
    {
        /// <summary>The encoder's layers, first to last.</summary>
        public int EncoderLayerCount
        {
            get
            {
                int n = 0;
                foreach (var l in Layers) if (l.Role == LayerRole.Encoder) n++;
                return n;
            }
        }

        /// <summary>Width of the encoder's last layer: the latent size, doubled for a VAE (μ then log σ²).</summary>
        public int EncoderOutputSize => Kind == ModelKind.Variational ? 2 * LatentSize : LatentSize;

        /// <summary>Weights and biases in all layers.</summary>
        public long ParameterCount
        {
            get
            {
                long n = 0;
                foreach (var l in Layers) n += (long)l.InFeatures * l.OutFeatures + l.OutFeatures;
                return n;
            }
        }

        /// <summary>Multiply-accumulates of one encode + decode.</summary>
        public long MacsPerInference
        {
            get
            {
                long n = 0;
                foreach (var l in Layers) n += (long)l.InFeatures * l.OutFeatures;
                return n;
            }
        }

        /// <summary>The threshold calibrated for <paramref name="precision"/> ("float32", "int8", "int16"), or null.</summary>
        public Threshold? ThresholdFor(string precision)
        {
            foreach (var t in Thresholds) if (t.Precision == precision) return t;
            return null;
        }
    }

    /// <summary>How the input vector is laid out: a time window of interleaved channels, or plain features.</summary>
    /// <param name="Channels">Channels per time step (1 for images and tabular data).</param>
    /// <param name="Window">Time steps per window, or 0 when the input is not a time window.</param>
    /// <param name="ChannelNames">One name per channel (display only; sanitised before it reaches code).</param>
    public sealed record InputLayout(int Channels, int Window, EquatableArray<string> ChannelNames);

    /// <summary>x' = (x − Offset[i]) · Scale[i] per input feature.</summary>
    public sealed record Normalization(NormalizationMethod Method, EquatableArray<float> Offset, EquatableArray<float> Scale);

    /// <summary>
    /// y = act(x·Wᵀ + b) with W [out, in] row-major, plus the ranges calibration saw before and after the
    /// activation (the quantizer's activation scales).
    /// </summary>
    public sealed record DenseLayer(
        string Name,
        LayerRole Role,
        int InFeatures,
        int OutFeatures,
        ActivationFunction Activation,
        EquatableArray<float> Weight,
        EquatableArray<float> Bias,
        ValueRange PreActivationRange,
        ValueRange OutputRange);

    /// <summary>A closed interval [Min, Max] seen during calibration (empty when Min &gt; Max: not calibrated).</summary>
    public readonly record struct ValueRange(float Min, float Max)
    {
        public static ValueRange Unknown => new ValueRange(float.PositiveInfinity, float.NegativeInfinity);

        public bool IsKnown => Min <= Max;
    }

    /// <summary>An anomaly threshold calibrated on held-out normal data, for one precision.</summary>
    /// <param name="Precision">"float32", "int16" or "int8": the scores it was calibrated on.</param>
    /// <param name="Score">"mse" (mean squared error in normalised units) or "neg_elbo" (nats).</param>
    /// <param name="Method">"percentile", "sigma" (mean + k·σ) or "fpr" (target false-positive rate).</param>
    /// <param name="Parameter">The percentile, k, or the rate.</param>
    public sealed record Threshold(
        string Precision,
        string Score,
        double Value,
        string Method,
        double Parameter,
        int Samples,
        double Mean,
        double StdDev,
        double Median,
        double Max);
}
