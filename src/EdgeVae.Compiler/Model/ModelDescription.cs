using EdgeVae.Compiler.Graph;

namespace EdgeVae.Compiler.Model
{
    /// <summary>
    /// Everything a model file says, as plain equatable data: the contract between the trainer and the generator. Holds
    /// no Roslyn objects, so it can flow through an incremental pipeline.
    /// </summary>
    /// <param name="FormatVersion">The version the file was written in (1 is upgraded on read; files are written as the current one).</param>
    /// <param name="Data">How the model's inputs are made: the data contract.</param>
    /// <param name="Graph">The ops, with their weights and calibrated ranges.</param>
    /// <param name="TrainingJson">The training record, kept verbatim (compact JSON), or empty.</param>
    public sealed record ModelDescription(
        int FormatVersion,
        string Name,
        ModelKind Kind,
        ReconstructionKind Reconstruction,
        DataContract Data,
        ModelGraph Graph,
        EquatableArray<Threshold> Thresholds,
        string TrainingJson)
    {
        /// <summary>Raw input values per sample (Window × Channels for a time window).</summary>
        public int InputSize => (int)Graph.Input.Size;

        /// <summary>
        /// Values the network's input holds: the features the front-end computes, or without one the raw input. The
        /// normalisation, the reconstruction and every score are over these.
        /// </summary>
        public int FeatureSize => (int)Graph.FeatureCount;

        /// <summary>The signal front-end (one chain, or branches per channel), or null.</summary>
        public FrontEndGraph? FrontEnd => Graph.FrontEnd;

        /// <summary>
        /// The input channel each of the network's features belongs to: the front-end's (its branches may differ per
        /// channel), else feature mod channels, as a window interleaves them.
        /// </summary>
        public int[] FeatureChannels()
        {
            var frontEnd = FrontEnd;
            var map = new int[FeatureSize];
            for (int i = 0; i < map.Length; i++) map[i] = frontEnd != null ? frontEnd.ChannelOf(i) : i % Data.Channels;
            return map;
        }

        public NormalizeOp Normalization => Graph.Normalize;

        /// <summary>The normalised input's calibrated range: the quantizer's input scale.</summary>
        public ValueRange InputRange => Graph.Normalize.Range;

        /// <summary>Length of the code (μ for a VAE).</summary>
        public int LatentSize => (int)Graph.Shapes()[Graph.LatentIndex].Size;

        /// <summary>What the encoder's last op gives: the code, or for a VAE μ and log σ² side by side (2 × latent).</summary>
        public int EncoderOutputSize => Kind == ModelKind.Variational ? 2 * LatentSize : LatentSize;

        public long ParameterCount => Graph.ParameterCount;

        /// <summary>Multiply-accumulates of one encode + decode.</summary>
        public long MacsPerInference => Graph.Macs();

        /// <summary>The threshold calibrated for <paramref name="precision"/> ("float32", "int8", "int16"), or null.</summary>
        public Threshold? ThresholdFor(string precision)
        {
            foreach (var t in Thresholds) if (t.Precision == precision) return t;
            return null;
        }
    }

    /// <summary>
    /// The data contract: how the inputs a device delivers are laid out and sampled. A time window is
    /// <see cref="Window"/> steps of <see cref="Channels"/> interleaved values; other inputs have Window 0 and one channel.
    /// </summary>
    /// <param name="Hop">Steps between consecutive windows the model was trained and calibrated on (0: not a time series or unknown).</param>
    /// <param name="SampleRate">Samples per second of one channel (0: unknown).</param>
    /// <param name="ChannelNames">One name per channel (display only; sanitised before it reaches code).</param>
    public sealed record DataContract(int Channels, int Window, int Hop, double SampleRate, EquatableArray<string> ChannelNames)
    {
        /// <summary>Time steps per window (the input size over the channels when the input is not a window).</summary>
        public int StepsPer(int inputSize) => Window > 0 ? Window : inputSize / Channels;

        /// <summary>Where the inputs come from and, for a file of columns, how it is read (null: not recorded).</summary>
        public SourceContract? Source { get; init; }
    }

    /// <summary>
    /// How the training data's file is read, so that every later command reads a user's files the same way and refuses
    /// one that differs: the source kind and, for CSV, the columns used (in order: the channels, or a table's features),
    /// those ignored, the label and time columns, and the label names in label order (the first is normal).
    /// </summary>
    /// <param name="Kind">"csv", "npy", "idx", "builtin" or "fashion-mnist": the data spec's scheme.</param>
    /// <param name="LabelColumn">Empty when the file has none.</param>
    /// <param name="TimeColumn">Empty when the file has none.</param>
    public sealed record SourceContract(string Kind, EquatableArray<string> Columns, EquatableArray<string> IgnoredColumns, string LabelColumn, string TimeColumn,
        EquatableArray<string> ClassNames);

    /// <summary>An anomaly threshold calibrated on held-out normal data, for one precision.</summary>
    /// <param name="Precision">"float32", "int16" or "int8": the scores it was calibrated on.</param>
    /// <param name="Score">
    /// "mse" (mean squared error in normalised units), "standardized" (the mean squared residual standardised per feature:
    /// a diagonal Mahalanobis distance, with <paramref name="Standardization"/>) or "neg_elbo" (nats).
    /// </param>
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
        double Max,
        ResidualStandardization? Standardization = null);

    /// <summary>
    /// How the "standardized" score weighs each feature's residual r_i = reconstruction − normalised input, fitted on the
    /// same held-out normal data as its threshold: d_i = (r_i − Mean_i) · Weight_i, and the score is the mean of d_i² in the
    /// contract's order. Weight_i is 1 / max(σ_i, Floor), so a feature that is reconstructed perfectly on normal data (a
    /// constant border pixel) cannot turn a trace of error into an alarm.
    /// </summary>
    /// <param name="Floor">The smallest σ used: a tenth of the root mean square of all features' σ.</param>
    public sealed record ResidualStandardization(EquatableArray<float> Mean, EquatableArray<float> Weight, double Floor);
}
