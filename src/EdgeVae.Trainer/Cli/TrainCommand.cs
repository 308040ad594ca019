using System.CommandLine;
using System.Globalization;
using System.Numerics;
using EdgeVae.Compiler.Graph;
using EdgeVae.Contract;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.FrontEnd;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Models;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae train</c>: fit an autoencoder, calibrate its activation ranges and threshold, write the model file.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var data = new DataArguments();
        var kind = new Option<string>("--kind") { Description = "ae | sparse | denoising | vae", DefaultValueFactory = _ => "ae" };
        var hidden = new Option<string>("--hidden") { Description = "Encoder hidden widths, input side first (the decoder mirrors them), e.g. 256,64.", DefaultValueFactory = _ => "256,64" };
        var encoder = new Option<string?>("--encoder") { Description = "The encoder's layers instead of --hidden: conv:CHANNELS:KERNEL:STRIDE[:DILATION] convolutions over the time window, then dense:WIDTH layers, e.g. conv:16:5:2,conv:32:5:2,dense:64 (the decoder mirrors them with upsampling); --latent adds the code layer." };
        var features = new Option<string>("--features") { Description = $"What the network sees: {FrontEndSpec.Help}. A front-end is compiled into the generated code, in fixed point.", DefaultValueFactory = _ => "raw" };
        var batchNorm = new Option<bool>("--batch-norm") { Description = "A batch normalisation after every dense layer but the output (Dense–BatchNorm–activation, as the MLPerf Tiny AD reference), folded into the dense layers in the model file." };
        var latent = new Option<int>("--latent") { Description = "Code (latent) size.", DefaultValueFactory = _ => 16 };
        var activation = new Option<string>("--activation") { Description = "Hidden nonlinearity: relu, leaky_relu, tanh, sigmoid, softplus.", DefaultValueFactory = _ => "relu" };
        var recon = new Option<string>("--reconstruction") { Description = "VAE likelihood: bernoulli (data in [0,1], e.g. images) or gaussian (unit variance).", DefaultValueFactory = _ => "auto" };
        var sparsity = new Option<string?>("--sparsity") { Description = "Sparse AE penalty: l1:WEIGHT (e.g. l1:1e-3) or kl:RHO:WEIGHT (e.g. kl:0.05:3)." };
        var noise = new Option<string?>("--noise") { Description = "Denoising AE corruption: gaussian:STD, mask:P or impulse:P (normalised units); add :clip to keep noisy values within the data's range (gaussian:0.3:clip)." };
        var beta = new Option<double>("--beta") { Description = "VAE: weight of the KL term (β-VAE).", DefaultValueFactory = _ => 1.0 };
        var warmup = new Option<int>("--kl-warmup") { Description = "VAE: epochs over which the KL weight rises linearly from 0 to β.", DefaultValueFactory = _ => 0 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 1e-3 };
        var optimizer = new Option<string>("--optimizer") { Description = "adam (AdamW with --weight-decay) or sgd (with --momentum).", DefaultValueFactory = _ => "adam" };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => 0.9 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Decoupled weight decay (AdamW) or L2 (SGD).", DefaultValueFactory = _ => 0.0 };
        var init = new Option<string>("--init") { Description = "Weight initialisation: auto (He uniform before ReLU layers, Xavier uniform elsewhere), he, xavier, or pytorch (nn.Linear's and nn.Conv1d's default, U(±1/√fan_in) for weights and biases).", DefaultValueFactory = _ => "auto" };
        var clip = new Option<double?>("--clip-norm") { Description = "Clip the global gradient norm to this value." };
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: constant, cosine, or step:EPOCHS:GAMMA.", DefaultValueFactory = _ => "constant" };
        var patience = new Option<int?>("--patience") { Description = "Early stopping: stop after N epochs without a better validation loss and keep the best weights." };
        var seed = new Option<ulong>("--seed") { Description = "Seed for initialisation, shuffling, noise and sampling.", DefaultValueFactory = _ => 1UL };
        var precision = new Option<string>("--precision") { Description = $"Training precision: {PrecisionDispatch.Help}.", DefaultValueFactory = _ => "float32" };
        var normalize = new Option<string>("--normalize") { Description = "Input normalisation fitted on training data: minmax, zscore or none (default: minmax for images, zscore otherwise); add :feature for statistics per feature whatever the layout (e.g. zscore:feature for one-class images).", DefaultValueFactory = _ => "auto" };
        var threshold = new Option<string>("--threshold") { Description = $"How to calibrate the anomaly threshold on validation data: {ThresholdCalibrator.Help}.", DefaultValueFactory = _ => "percentile:99" };
        var name = new Option<string?>("--name") { Description = "Model name stored in the file (default: the output file's name)." };
        var output = new Option<string>("--out", "-o") { Description = "Model file to write (.evae); a checkpoint is kept beside it as FILE.ckpt.", DefaultValueFactory = _ => "model.evae" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint, to its own end and its own output file (no other option but --epochs, which may extend it)." };

        var command = new Command("train", "Train an autoencoder (AE, sparse, denoising or VAE) and write a calibrated model file.");
        data.AddTo(command);
        foreach (var o in new Option[] { kind, features, batchNorm, hidden, encoder, latent, activation, recon, sparsity, noise, init, beta, warmup, epochs, batch, lr, optimizer, momentum, weightDecay, clip, schedule, patience, seed, precision, normalize, threshold, name, output, resume })
            command.Options.Add(o);

        command.SetAction(r => CommandRunner.Run(() =>
        {
            string? resumePath = r.GetValue(resume);
            string outPath = r.GetValue(output)!;
            RunDescription run;
            NormalizeOp? normalization = null;
            System.Text.Json.Nodes.JsonObject? checkpoint = null;
            string thresholdMethod = r.GetValue(threshold)!;
            if (resumePath is not null)
            {
                (run, normalization, checkpoint) = CheckpointFile.ReadHeader(resumePath);
                var job = ResumedJob.From(checkpoint, resumePath, threshold.GetDefaultValue() as string ?? thresholdMethod);
                // A resumed run is the checkpoint's run: only --epochs may extend it, and -o may only repeat its output.
                foreach (var o in command.Options)
                    if (o != resume && o != epochs && o != output && r.WasGiven(o))
                        throw new ArgumentException($"{o.Name} was given with --resume: a resumed run keeps every setting of its checkpoint ({resumePath}); only --epochs may extend it. Drop {o.Name}, or start a new run without --resume.");
                if (r.WasGiven(output) && Path.GetFullPath(r.GetValue(output)!) != Path.GetFullPath(job.Output))
                    throw new ArgumentException($"-o {r.GetValue(output)}: the checkpoint's run writes {job.Output}; drop -o to continue it there.");
                if (r.WasGiven(epochs))
                {
                    int completed = checkpoint["epoch"]?.GetValue<int>() ?? 0;
                    if (r.GetValue(epochs) < Math.Max(completed, 1))
                        throw new ArgumentException($"--epochs {r.GetValue(epochs)}: the checkpoint has already trained {completed} epochs of {run.Options.Epochs}; give at least {Math.Max(completed, 1)}, or drop --epochs to finish its {run.Options.Epochs}.");
                    run = run with { Options = run.Options with { Epochs = r.GetValue(epochs) } };
                }
                outPath = job.Output;
                thresholdMethod = job.Threshold;
            }
            else
            {
                var modelKind = r.GetValue(kind) switch
                {
                    "ae" => ModelKind.Autoencoder,
                    "sparse" => ModelKind.Sparse,
                    "denoising" or "dae" => ModelKind.Denoising,
                    "vae" => ModelKind.Variational,
                    var k => throw new ArgumentException($"--kind \"{k}\": use ae, sparse, denoising or vae."),
                };
                int[] widths;
                ConvLayerSpec[] convolutions = [];
                if (r.GetValue(encoder) is string layers && layers.Length > 0) (convolutions, widths) = AutoencoderConfig.ParseEncoder(layers);
                else
                {
                    try { widths = r.GetValue(hidden)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); }
                    catch (Exception e) when (e is FormatException or OverflowException) { throw new ArgumentException($"--hidden \"{r.GetValue(hidden)}\": give comma-separated widths, e.g. 256,64."); }
                }
                var reconstruction = r.GetValue(recon) switch
                {
                    "auto" => ReconstructionKind.Gaussian,
                    "gaussian" => ReconstructionKind.Gaussian,
                    "bernoulli" => ReconstructionKind.Bernoulli,
                    var v => throw new ArgumentException($"--reconstruction \"{v}\": use bernoulli or gaussian."),
                };
                string? sparsityText = r.GetValue(sparsity), noiseText = r.GetValue(noise);
                if (sparsityText is not null && modelKind != ModelKind.Sparse) throw new ArgumentException("--sparsity applies to --kind sparse.");
                if (noiseText is not null && modelKind != ModelKind.Denoising) throw new ArgumentException("--noise applies to --kind denoising.");
                var config = new AutoencoderConfig
                {
                    Kind = modelKind,
                    Features = FrontEndSpec.Parse(r.GetValue(features)!) is { IsRaw: false } featureSpec ? featureSpec.ToString() : null,
                    BatchNorm = r.GetValue(batchNorm),
                    Convolutions = convolutions,
                    Hidden = widths,
                    Latent = r.GetValue(latent),
                    Activation = ActivationNames.Parse(r.GetValue(activation)!),
                    Reconstruction = reconstruction,
                    Sparsity = sparsityText is null ? (modelKind == ModelKind.Sparse ? new SparsityPenalty(SparsityKind.L1, 1e-3) : null) : SparsityPenalty.Parse(sparsityText),
                    Corruption = noiseText is null ? (modelKind == ModelKind.Denoising ? new Corruption(CorruptionKind.Gaussian, 0.3) : null) : Corruption.Parse(noiseText),
                    WeightInit = AutoencoderConfig.InitNames.TryGetValue(r.GetValue(init)!, out var scheme) ? scheme
                        : throw new ArgumentException($"--init \"{r.GetValue(init)}\": use {string.Join(", ", AutoencoderConfig.InitNames.Keys)}."),
                    Beta = r.GetValue(beta),
                    KlWarmupEpochs = r.GetValue(warmup),
                };
                var options = new TrainOptions
                {
                    Epochs = r.GetValue(epochs),
                    BatchSize = r.GetValue(batch),
                    LearningRate = r.GetValue(lr),
                    Optimizer = r.GetValue(optimizer)!,
                    Momentum = r.GetValue(momentum),
                    WeightDecay = r.GetValue(weightDecay),
                    ClipNorm = r.GetValue(clip),
                    Schedule = r.GetValue(schedule)!,
                    Patience = r.GetValue(patience),
                    Seed = r.GetValue(seed),
                };
                options.Validate();
                string precisionText = r.GetValue(precision)!;
                PrecisionDispatch.Validate(precisionText);
                string spec = r.GetValue(data.Data) ?? throw new ArgumentException($"--data is required: {DataSources.Help}.");
                run = new RunDescription(spec, data.Read(r), config, options, precisionText,
                    r.GetValue(name) ?? Path.GetFileNameWithoutExtension(outPath));
                normalization = null;
                _ = r.GetValue(normalize);
            }
            // After the arguments are checked, so a mistake in them is what the user hears about first.
            if (resumePath is null) outPath = r.DefaultedOutput(output);
            var trainJob = new TrainJob(run, normalization, r.GetValue(normalize)!, thresholdMethod, outPath, resumePath, checkpoint);
            return PrecisionDispatch.Run(run.Precision, trainJob);
        }));
        return command;
    }
}

/// <summary>The body of <c>edgevae train</c>, run in the chosen precision.</summary>
internal sealed class TrainJob(RunDescription run, NormalizeOp? normalization, string normalizeMethod, string thresholdMethod, string outPath,
    string? resumePath, System.Text.Json.Nodes.JsonObject? checkpoint) : IPrecisionAction<int>
{
    public int Run<T>() where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var log = Console.Error;
        var raw = DataSources.Load(run.DataSpec, run.Data);
        log.WriteLine($"data: {raw.Description}; training on {raw.Train.Count}, validating on {raw.Validation.Count} samples of {raw.Train.Width} features");
        var (frontEnd, graph, splits) = FeaturePreparation.Prepare(run.Model.Features, raw, pcm: run.DataSpec.StartsWith("wav:", StringComparison.Ordinal));
        if (graph is not null)
            log.WriteLine($"features: {run.Model.Features} → {ModelSummary.Features(raw.Train.ChannelNames, graph)} = {graph.Features} features");
        // A front-end's features differ in scale from bin to bin (a spectrum falls by tens of dB): statistics per feature.
        bool perFeature = normalizeMethod.EndsWith(":feature", StringComparison.Ordinal) || frontEnd.Length > 0;
        var norm = normalization ?? Normalizer.Fit(splits.Train, ChooseNormalization(splits.Train), perFeature);
        var train = Normalizer.Apply(norm, splits.Train);
        var validation = Normalizer.Apply(norm, splits.Validation);
        var config = run.Model.SizedFor(splits.Train) with { FrontEnd = frontEnd, RawInputSize = raw.Train.Width };
        if (config.Reconstruction == ReconstructionKind.Bernoulli && norm.Method != NormalizationMethod.MinMax)
            throw new ArgumentException("--reconstruction bernoulli needs inputs in [0, 1]: use --normalize minmax.");
        if (config.Corruption is { NeedsRange: true } && normalization is null)
            config = config with { Corruption = config.Corruption with { Low = train.Min(), High = train.Max() } };
        var runWithSize = run with { Model = config };

        var session = new TrainingSession<T>(runWithSize, norm, train, splits.Train.Count, validation, splits.Validation.Count)
        {
            Job = ResumedJob.Describe(outPath, thresholdMethod),
        };
        if (checkpoint is not null)
        {
            CheckpointFile.Restore(session, checkpoint, resumePath!);
            log.WriteLine($"resuming after epoch {session.Epoch}{(session.Order is null ? "" : $", batch {session.NextBatch}")} of {run.Options.Epochs}");
        }
        string regularizer = config.Kind switch { ModelKind.Variational => "kl", ModelKind.Sparse => "sparsity", _ => "reg" };
        log.WriteLine($"model: {ModelFileFormat.KindName(config.Kind)} {config.InputSize} → {config.EncoderSpec} → {config.Latent} ({ActivationMath.Name(config.Activation)}), {session.Model.Parameters().Sum(p => p.Value.Length):N0} parameters, precision {run.Precision}");

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // finish the batch, write a checkpoint, then exit
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        string checkpointPath = outPath + ".ckpt";
        try
        {
            session.Train(ConsoleProgress.ForConsole(regularizer), cts.Token, checkpointPath);
        }
        catch (OperationCanceledException e)
        {
            log.WriteLine($"{e.Message} Checkpoint written to {checkpointPath}; continue with: edgevae train --resume {checkpointPath}");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        var model = ModelExporter.ExportCalibrated(session, raw, thresholdMethod, "float32");
        var threshold = model.Thresholds[0];
        AtomicFile.WriteAllText(outPath, ModelFileWriter.Write(model));
        var last = session.History[^1];
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {outPath}: validation loss {last.ValidationLoss:G6}, threshold {threshold.Value:G6} ({threshold.Method}:{threshold.Parameter} of {threshold.Samples} validation scores)"));
        return 0;
    }

    private NormalizationMethod ChooseNormalization(Dataset train) => normalizeMethod.Replace(":feature", "") switch
    {
        "auto" => train.Layout == DataLayout.Image || run.Model.Reconstruction == ReconstructionKind.Bernoulli ? NormalizationMethod.MinMax : NormalizationMethod.ZScore,
        "minmax" => NormalizationMethod.MinMax,
        "zscore" => NormalizationMethod.ZScore,
        "none" => NormalizationMethod.None,
        _ => throw new ArgumentException($"--normalize \"{normalizeMethod}\": use minmax, zscore or none."),
    };
}
