namespace EdgeVae.Trainer.Training;

/// <summary>The optimisation settings of a run (<c>edgevae train</c>'s training options).</summary>
public sealed record TrainOptions
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 128;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>"adam" (AdamW when weight decay &gt; 0) or "sgd" (with momentum).</summary>
    public string Optimizer { get; init; } = "adam";

    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; }

    /// <summary>Clip the global gradient norm to this value (null: no clipping).</summary>
    public double? ClipNorm { get; init; }

    /// <summary>"constant", "step:EPOCHS:GAMMA" or "cosine".</summary>
    public string Schedule { get; init; } = "constant";

    /// <summary>Stop when validation loss has not improved for this many epochs, keeping the best weights (null: never).</summary>
    public int? Patience { get; init; }

    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentException($"--epochs must be positive (got {Epochs}).");
        if (BatchSize <= 0) throw new ArgumentException($"--batch must be positive (got {BatchSize}).");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"--lr must be a positive number (got {LearningRate}).");
        if (Optimizer is not ("adam" or "sgd")) throw new ArgumentException($"--optimizer must be adam or sgd (got {Optimizer}).");
        if (ClipNorm is <= 0) throw new ArgumentException("--clip-norm must be positive.");
        if (Patience is <= 0) throw new ArgumentException("--patience must be positive.");
        _ = Numerics.Optim.LearningRateSchedule.Constant(1); // schedule text is checked when parsed
        ParseSchedule();
    }

    public Numerics.Optim.LearningRateSchedule ParseSchedule()
    {
        string[] p = Schedule.Split(':');
        if (p[0] == "constant" && p.Length == 1) return Numerics.Optim.LearningRateSchedule.Constant(LearningRate);
        if (p[0] == "cosine" && p.Length == 1) return Numerics.Optim.LearningRateSchedule.Cosine(LearningRate, Epochs);
        if (p[0] == "step" && p.Length == 3 && int.TryParse(p[1], out int step) && step > 0
            && double.TryParse(p[2], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double gamma) && gamma > 0)
            return Numerics.Optim.LearningRateSchedule.Step(LearningRate, step, gamma);
        throw new ArgumentException($"--schedule \"{Schedule}\": use constant, cosine, or step:EPOCHS:GAMMA (e.g. step:5:0.5).");
    }
}
