namespace EdgeVae.Trainer.Data;

/// <summary>How to read and split a data source (the data-related command-line options).</summary>
public sealed record DataOptions
{
    /// <summary>Time steps per window for time series (CSV; the built-in motor data).</summary>
    public int Window { get; init; } = 64;

    /// <summary>
    /// Whether <see cref="Window"/> was chosen (given, or the model's): a CSV is then windowed by it (0: one row per
    /// sample). When not, a CSV with a time column is a time series and one without is a table.
    /// </summary>
    public bool WindowChosen { get; init; }

    /// <summary>CSV: the feature columns, in this order (null: every column that is not the label, the time or ignored).</summary>
    public string[]? Columns { get; init; }

    /// <summary>CSV: columns to leave out.</summary>
    public string[]? IgnoreColumns { get; init; }

    /// <summary>CSV: the time column (null: one named time, timestamp, datetime, date, t or ts, if any). Never a feature.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>CSV: the label value that means normal (null: 0 for integer labels, "normal" for text ones).</summary>
    public string? NormalLabel { get; init; }

    /// <summary>CSV: the class names a model was trained with, in its label order (so another file's labels get the same numbers).</summary>
    public string[]? ClassNames { get; init; }

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

    /// <summary>A separate validation file (same scheme and contract as the data); null: a part of the data.</summary>
    public string? ValidationSpec { get; init; }

    /// <summary>A separate test file; null: a part of the data.</summary>
    public string? TestSpec { get; init; }

    /// <summary>Train, validation and test shares of one file (default 0.70, 0.15, 0.15).</summary>
    public double[]? Split { get; init; }

    /// <summary>How one file is split: "time" (in file order: no overlapping windows leak), "random" or "stratified" (each label in proportion in every part); null: time for time series, random for the rest.</summary>
    public string? SplitOrder { get; init; }

    /// <summary>Seed for the shuffled train/validation split.</summary>
    public ulong SplitSeed { get; init; } = 20261124;
}
