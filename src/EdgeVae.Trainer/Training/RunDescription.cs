using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Models;

namespace EdgeVae.Trainer.Training;

/// <summary>Everything that defines a training run: data, model, optimisation and precision.</summary>
public sealed record RunDescription(string DataSpec, DataOptions Data, AutoencoderConfig Model, TrainOptions Options, string Precision, string Name);
