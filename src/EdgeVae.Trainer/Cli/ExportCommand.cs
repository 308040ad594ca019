using System.CommandLine;
using EdgeVae.Trainer.ModelFiles;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae export</c>: a model file as safetensors, for PyTorch and other tools.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae)." };
        var output = new Option<string>("--out", "-o") { Description = "The .safetensors file to write.", Required = true };
        var command = new Command("export", "Write a model's weights as safetensors (encoder.N.weight, …, normalization.offset/scale), with the rest of the model as metadata.");
        command.Arguments.Add(model);
        command.Options.Add(output);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var m = ModelImporter.Load(r.GetValue(model)!);
            var (tensors, metadata) = SafeTensorsModels.Export(m);
            string target = r.GetValue(output)!;
            SafeTensorsFile.Write(target, tensors, metadata);
            Console.WriteLine($"wrote {target}: {tensors.Count} tensors, {m.ParameterCount:N0} parameters, model description in metadata \"{SafeTensorsModels.MetadataKey}\"");
            return 0;
        }));
        return command;
    }
}
