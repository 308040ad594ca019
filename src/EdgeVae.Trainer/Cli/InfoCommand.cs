using System.CommandLine;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Trainer.ModelFiles;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae info</c>: what a model file holds.</summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae)." };
        var command = new Command("info", "Show a model's architecture, size, normalisation, thresholds and training provenance.");
        command.Arguments.Add(model);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var m = ModelImporter.Load(r.GetValue(model)!);
            Console.WriteLine($"name            {m.Name}");
            Console.WriteLine($"kind            {ModelFileFormat.KindName(m.Kind)} ({m.Reconstruction.ToString().ToLowerInvariant()} reconstruction)");
            Console.WriteLine($"input           {m.InputSize} features{(m.Layout.Window > 0 ? $" = {m.Layout.Window} steps × {m.Layout.Channels} channels ({string.Join(", ", m.Layout.ChannelNames)})" : "")}");
            Console.WriteLine($"latent          {m.LatentSize}");
            Console.WriteLine($"normalization   {ModelFileFormat.NormalizationName(m.Normalization.Method)}");
            Console.WriteLine($"parameters      {m.ParameterCount:N0} ({m.ParameterCount * 4:N0} bytes as float32, ~{m.ParameterCount:N0} as int8)");
            Console.WriteLine($"MACs/inference  {m.MacsPerInference:N0}");
            foreach (var l in m.Layers)
                Console.WriteLine($"  {l.Name,-12} {l.Role.ToString().ToLowerInvariant(),-8} {l.InFeatures,6} → {l.OutFeatures,-6} {EdgeVae.Contract.ActivationMath.Name(l.Activation),-10} range {(l.OutputRange.IsKnown ? $"[{l.OutputRange.Min:G4}, {l.OutputRange.Max:G4}]" : "uncalibrated")}");
            foreach (var t in m.Thresholds)
                Console.WriteLine($"threshold       {t.Precision}: {t.Score} > {EvalCommand.F(t.Value)} ({t.Method}:{t.Parameter}, {t.Samples} samples, mean {EvalCommand.F(t.Mean)}, std {EvalCommand.F(t.StdDev)})");
            var training = ModelImporter.Training(m);
            foreach (var (k, v) in training)
                if (k != "history") Console.WriteLine($"training.{k,-20} {v}");
            return 0;
        }));
        return command;
    }
}
