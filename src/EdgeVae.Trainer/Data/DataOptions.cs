namespace EdgeVae.Trainer.Data;

/// <summary>How to read and split a data source (the data-related command-line options).</summary>
public sealed record DataOptions
{
    /// <summary>Time steps per window for time series (CSV; the built-in motor data).</summary>
    public int Window { get; init; } = 64;

    /// <summary>Steps between window starts.</summary>
    public int Hop { get; init; } = 32;

    /// <summary>The CSV column holding integer labels (0 = normal).</summary>
    public string? LabelColumn { get; init; }

    /// <summary>A .npy file of labels for <c>npy:</c> data.</summary>
    public string? LabelsPath { get; init; }

    /// <summary>Train only on this class; every other class is an anomaly at evaluation.</summary>
    public int? NormalClass { get; init; }

    /// <summary>Use at most this many training samples (quick runs, tests).</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Use at most this many test samples.</summary>
    public int? TestLimit { get; init; }

    /// <summary>Seed for the shuffled train/validation split.</summary>
    public ulong SplitSeed { get; init; } = 20261124;
}
