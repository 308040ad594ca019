using EdgeVae.Compiler.Graph;
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
            var d = m.Data;
            Console.WriteLine($"name            {ModelSummary.Display(m.Name)}");
            Console.WriteLine($"format          version {m.FormatVersion}{(m.FormatVersion < ModelFileFormat.CurrentVersion ? $" (upgraded on read; calibrate or re-save writes version {ModelFileFormat.CurrentVersion})" : "")}");
            Console.WriteLine($"kind            {ModelFileFormat.KindName(m.Kind)} ({ModelFileFormat.ReconstructionName(m.Reconstruction)} reconstruction)");
            Console.WriteLine($"input           {m.InputSize} {(m.FrontEnd is null ? "features" : "samples")}{(d.Window > 0 ? $" = {d.Window} steps × {d.Channels} channels ({string.Join(", ", d.ChannelNames.Select(ModelSummary.Display))})" : "")}"
                + (d.Hop > 0 ? $", hop {d.Hop}" : "") + (d.SampleRate > 0 ? $", {d.SampleRate:G} Hz" : ""));
            if (m.FrontEnd is { } frontEnd)
                Console.WriteLine($"features        {m.FeatureSize} = {ModelSummary.Features(m, frontEnd)}, by the fixed-point front-end"
                    + (ModelImporter.TrainingText(m, "features") is string spec ? $" ({ModelSummary.Display(spec)})" : ""));
            if (d.Source is { } source) Console.WriteLine($"data            {ModelSummary.Display(ModelSummary.Source(source))}");
            Console.WriteLine($"network         {ModelSummary.Architecture(m)}");
            Console.WriteLine($"latent          {m.LatentSize}");
            Console.WriteLine($"normalization   {NormalizeOp.MethodName(m.Normalization.Method)}");
            Console.WriteLine($"parameters      {m.ParameterCount:N0} ({m.ParameterCount * 4:N0} bytes as float32, ~{m.ParameterCount:N0} as int8)");
            Console.WriteLine($"MACs/inference  {m.MacsPerInference:N0}");
            if (ModelSummary.Streaming(m) is { } streaming) Console.WriteLine($"streaming       {streaming}");
            Console.WriteLine("graph");
            foreach (var line in ModelSummary.Ops(m)) Console.WriteLine("  " + line);
            foreach (var t in m.Thresholds)
                Console.WriteLine($"threshold       {t.Precision}: {t.Score} > {EvalCommand.F(t.Value)} ({ModelSummary.Display(t.Method)}:{t.Parameter}, {t.Samples} samples, mean {EvalCommand.F(t.Mean)}, std {EvalCommand.F(t.StdDev)})");
            var training = ModelImporter.Training(m);
            foreach (var (k, v) in training)
                if (k != "history") Console.WriteLine($"training.{ModelSummary.Display(k),-20} {ModelSummary.Display(v?.ToJsonString() ?? "null")}");
            return 0;
        }));
        return command;
    }
}
