namespace EdgeVae.Trainer.Data;

/// <summary>How a sample's features are arranged, which decides how normalisation is fitted.</summary>
public enum DataLayout
{
    /// <summary>Independent columns: statistics per feature.</summary>
    Tabular,

    /// <summary>Pixels of one image: one statistic over all pixels, so constant border pixels stay meaningful.</summary>
    Image,

    /// <summary>A time window of interleaved channels (t0c0, t0c1, …): statistics per channel.</summary>
    TimeWindow,
}

/// <summary>
/// Samples as rows of a row-major float matrix, with optional integer labels. Label 0 means normal where the
/// source defines anomalies (built-in motor data, labelled CSV); class labels otherwise (Fashion-MNIST).
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, float[] features, int count, int width, int[]? labels, DataLayout layout,
        int channels = 1, int window = 0, string[]? channelNames = null, string[]? classNames = null, double sampleRate = 0)
    {
        if (features.Length != (long)count * width)
            throw new ArgumentException($"{name}: {features.Length} values do not make {count} samples of {width} features.");
        if (labels is not null && labels.Length != count)
            throw new ArgumentException($"{name}: {labels.Length} labels for {count} samples.");
        Name = name;
        Features = features;
        Count = count;
        Width = width;
        Labels = labels;
        Layout = layout;
        Channels = channels;
        Window = window;
        ChannelNames = channelNames ?? Enumerable.Range(0, channels).Select(c => $"ch{c}").ToArray();
        ClassNames = classNames;
        SampleRate = sampleRate;
    }

    public string Name { get; }

    /// <summary>Count × Width values, row-major.</summary>
    public float[] Features { get; }

    public int Count { get; }

    public int Width { get; }

    public int[]? Labels { get; }

    public DataLayout Layout { get; }

    public int Channels { get; }

    /// <summary>Time steps per sample for <see cref="DataLayout.TimeWindow"/>, else 0.</summary>
    public int Window { get; }

    public string[] ChannelNames { get; }

    /// <summary>Names of the label values, where the source has them (index = label).</summary>
    public string[]? ClassNames { get; }

    /// <summary>Samples per second of one channel, where the source knows it (0 otherwise).</summary>
    public double SampleRate { get; }

    /// <summary>The CSV column that held the time axis (given or recognised by its name), or null.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>
    /// For windows cut from several recordings (a WAV set's clips): the recording each sample comes from, an index into
    /// <see cref="GroupNames"/>; null otherwise. DCASE and MLPerf Tiny score a clip by the mean of its windows' scores.
    /// </summary>
    public int[]? Groups { get; init; }

    /// <summary>The recordings' names (file names), indexed by <see cref="Groups"/>.</summary>
    public string[]? GroupNames { get; init; }

    /// <summary>
    /// For features of a front-end whose branches differ per channel: the window channel each feature comes from (null:
    /// feature j of a window belongs to channel j mod <see cref="Channels"/>).
    /// </summary>
    public int[]? FeatureChannels { get; init; }

    /// <summary>The channel feature <paramref name="j"/> belongs to.</summary>
    public int ChannelOf(int j) => FeatureChannels?[j] ?? j % Channels;

    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * Width, Width);

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        var x = new float[(long)indices.Count * Width];
        int[]? y = Labels is null ? null : new int[indices.Count];
        int[]? g = Groups is null ? null : new int[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            Row(indices[k]).CopyTo(x.AsSpan(k * Width, Width));
            if (y is not null) y[k] = Labels![indices[k]];
            if (g is not null) g[k] = Groups![indices[k]];
        }
        return new Dataset(name ?? Name, x, indices.Count, Width, y, Layout, Channels, Window, ChannelNames, ClassNames, SampleRate)
        {
            TimeColumn = TimeColumn, Groups = g, GroupNames = GroupNames, FeatureChannels = FeatureChannels,
        };
    }

    /// <summary>The samples whose label satisfies <paramref name="keep"/> (all of them when unlabelled).</summary>
    public Dataset Where(Func<int, bool> keep, string? name = null)
    {
        if (Labels is null) return this;
        var idx = new List<int>();
        for (int i = 0; i < Count; i++) if (keep(Labels[i])) idx.Add(i);
        return Subset(idx, name);
    }

    public override string ToString() => $"{Name}: {Count} × {Width}";
}

/// <summary>Training, validation and test sets from one source, and how its labels mark anomalies.</summary>
/// <param name="IsAnomaly">Maps a label to "anomalous" for AUROC and calibration; null when the source has no anomaly notion.</param>
public sealed record DataSplits(Dataset Train, Dataset Validation, Dataset Test, Func<int, bool>? IsAnomaly, string Description);
