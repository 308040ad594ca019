using System.Diagnostics;
using System.Numerics;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Optim;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.Training;

/// <summary>
/// A training run in precision T: model, optimizer, random state, history and position inside the current
/// epoch. Everything that decides what happens next is in a checkpoint (<see cref="CheckpointFile"/>), so a run resumed from a
/// checkpoint (even one written mid-epoch by Ctrl-C) continues exactly as the uninterrupted run would have.
/// </summary>
public sealed class TrainingSession<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private readonly float[] _train, _validation;
    private readonly int _trainCount, _validationCount;
    private readonly Tensor<T> _batch = Tensor<T>.Zeros(0, 0);
    private readonly LearningRateSchedule _schedule;

    public TrainingSession(RunDescription run, NormalizeOp normalization, float[] train, int trainCount, float[] validation, int validationCount)
    {
        run.Model.Validate();
        run.Options.Validate();
        Run = run;
        Normalization = normalization;
        _train = train;
        _trainCount = trainCount;
        _validation = validation;
        _validationCount = validationCount;
        Rng = new Prng(run.Options.Seed);
        Model = new Autoencoder<T>(run.Model, Architecture.Build(run.Model), Rng);
        Optimizer = run.Options.Optimizer == "sgd"
            ? new Sgd<T>(Model.Parameters(), run.Options.LearningRate, run.Options.Momentum, run.Options.WeightDecay)
            : new Adam<T>(Model.Parameters(), run.Options.LearningRate, weightDecay: run.Options.WeightDecay);
        _schedule = run.Options.ParseSchedule();
    }

    public RunDescription Run { get; }

    public NormalizeOp Normalization { get; }

    public Autoencoder<T> Model { get; }

    public Optimizer<T> Optimizer { get; }

    public Prng Rng { get; }

    public List<EpochRecord> History { get; } = [];

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The current epoch's sample order (null between epochs).</summary>
    internal int[]? Order { get; set; }

    /// <summary>The next batch of the current epoch.</summary>
    internal int NextBatch { get; set; }

    /// <summary>What the caller needs to finish the run after a resume (the CLI's output path and threshold method); kept in every checkpoint.</summary>
    public System.Text.Json.Nodes.JsonObject? Job { get; init; }

    /// <summary>Sample-weighted loss sums of the current epoch so far.</summary>
    internal LossParts PartialSums { get; set; }

    internal double PartialSeconds { get; set; }

    internal double BestValidation { get; set; } = double.PositiveInfinity;

    internal int EpochsSinceBest { get; set; }

    internal T[][]? BestParameters { get; set; }

    /// <summary>Training rows (the shuffle order's length).</summary>
    internal int TrainCount => _trainCount;

    public int BatchesPerEpoch => (_trainCount + Run.Options.BatchSize - 1) / Run.Options.BatchSize;

    public bool Finished => Epoch >= Run.Options.Epochs || (Run.Options.Patience is int p && EpochsSinceBest >= p);

    /// <summary>
    /// Trains until <see cref="Finished"/>. On cancellation it stops at a batch boundary, writes a checkpoint to
    /// <paramref name="checkpointPath"/> and throws <see cref="OperationCanceledException"/>. A non-finite loss
    /// throws <see cref="TrainingDivergedException"/> before any file is written.
    /// </summary>
    public void Train(ITrainingProgress progress, CancellationToken cancel, string? checkpointPath)
    {
        int batchSize = Run.Options.BatchSize, batches = BatchesPerEpoch, width = Run.Model.InputSize;
        var parameters = Model.Parameters().ToArray();
        while (!Finished)
        {
            if (Order is null)
            {
                Order = Enumerable.Range(0, _trainCount).ToArray();
                Rng.Shuffle(Order.AsSpan());
                NextBatch = 0;
                PartialSums = default;
                PartialSeconds = 0;
            }
            double lr = _schedule.At(Epoch);
            Optimizer.LearningRate = lr;
            progress.EpochStarted(Epoch + 1, Run.Options.Epochs, batches, lr);
            var clock = Stopwatch.StartNew();
            for (int b = NextBatch; b < batches; b++)
            {
                if (cancel.IsCancellationRequested)
                {
                    NextBatch = b;
                    PartialSeconds += clock.Elapsed.TotalSeconds;
                    if (checkpointPath is not null) CheckpointFile.Save(this, checkpointPath);
                    throw new OperationCanceledException($"Interrupted in epoch {Epoch + 1} before batch {b + 1} of {batches}.");
                }
                int start = b * batchSize, rows = Math.Min(batchSize, _trainCount - start);
                FillBatch(_train, Order.AsSpan(start, rows), width);
                foreach (var p in parameters) p.ZeroGrad();
                var loss = Model.TrainStep(_batch, Rng, KlWeight(Epoch, b, batches));
                if (!loss.IsFinite)
                    throw new TrainingDivergedException(
                        $"The loss became {loss.Total} in epoch {Epoch + 1}, batch {b + 1}; no model was written. Lower --lr (now {lr:G3}), add --clip-norm 5, or check the data for extreme values.");
                if (Run.Options.ClipNorm is double clip) GradientClipping.ClipNorm(parameters, clip);
                Optimizer.Step();
                PartialSums += loss * rows;
                progress.BatchDone(Epoch + 1, b + 1, batches, loss);
            }
            double trainSeconds = PartialSeconds + clock.Elapsed.TotalSeconds; // the training pass alone, as PyTorch loops time it
            var train = PartialSums * (1.0 / _trainCount);
            var val = ValidationLoss();
            if (!val.IsFinite) throw new TrainingDivergedException($"The validation loss became {val.Total} after epoch {Epoch + 1}; no model was written. Lower --lr or add --clip-norm.");
            Epoch++;
            var record = new EpochRecord(Epoch, train.Total, train.Reconstruction, train.Regularizer, val.Total, val.Reconstruction, val.Regularizer, lr, trainSeconds);
            History.Add(record);
            bool improved = val.Total < BestValidation;
            if (improved)
            {
                BestValidation = val.Total;
                EpochsSinceBest = 0;
                // The best weights and, for batch normalisations, the running statistics that go with them.
                if (Run.Options.Patience is not null) BestParameters = parameters.Select(p => p.Value.Span.ToArray()).Concat(Model.Buffers().Select(b => b.Span.ToArray())).ToArray();
            }
            else EpochsSinceBest++;
            Order = null;
            progress.EpochDone(record, improved);
            if (checkpointPath is not null) CheckpointFile.Save(this, checkpointPath);
        }
        if (BestParameters is not null)
        {
            var state = parameters.Select(p => p.Value).Concat(Model.Buffers()).ToArray();
            for (int i = 0; i < state.Length; i++) BestParameters[i].CopyTo(state[i].Span);
        }
    }

    /// <summary>β·min(1, progress/warm-up) with progress in epochs, rising linearly batch by batch.</summary>
    private double KlWeight(int epoch, int batch, int batches)
    {
        if (Run.Model.Kind != ModelKind.Variational) return 0;
        if (Run.Model.KlWarmupEpochs <= 0) return Run.Model.Beta;
        double progress = epoch + (batch + 1.0) / batches;
        return Run.Model.Beta * Math.Min(1, progress / Run.Model.KlWarmupEpochs);
    }

    /// <summary>The validation objective at full KL weight, with its own fixed random stream (noise and ε).</summary>
    public LossParts ValidationLoss()
    {
        var rng = new Prng(Run.Options.Seed ^ 0x56414C4944UL);
        int batchSize = Math.Max(Run.Options.BatchSize, 256), width = Run.Model.InputSize;
        LossParts sum = default;
        var all = Enumerable.Range(0, _validationCount).ToArray();
        double klWeight = Run.Model.Kind == ModelKind.Variational ? Run.Model.Beta : 0;
        for (int start = 0; start < _validationCount; start += batchSize)
        {
            int rows = Math.Min(batchSize, _validationCount - start);
            FillBatch(_validation, all.AsSpan(start, rows), width);
            sum += Model.Evaluate(_batch, rng, klWeight) * rows;
        }
        return sum * (1.0 / _validationCount);
    }

    private void FillBatch(float[] source, ReadOnlySpan<int> indices, int width)
    {
        _batch.EnsureShape(indices.Length, width);
        for (int r = 0; r < indices.Length; r++)
            Numbers.FromFloat<T>(source.AsSpan(indices[r] * width, width), _batch.Row(r));
    }

    internal IReadOnlyList<Parameter<T>> ParameterList => Optimizer.Parameters;
}
