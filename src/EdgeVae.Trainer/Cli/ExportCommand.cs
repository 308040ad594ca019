using System.CommandLine;
using EdgeVae.Trainer.ModelFiles;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae export</c>: a model file as safetensors, for PyTorch and other tools.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae)." };
        var output = new Option<string>("--out", "-o") { Description = "The .safetensors (or, with --onnx, .onnx) file to write.", Required = true };
        var onnx = new Option<bool>("--onnx") { Description = "Write the float graph as ONNX (opset 13) for ONNX Runtime: input [batch, features], outputs reconstruction (normalized units) and latent, or mu and logvar; the model file rides in the metadata." };
        var command = new Command("export", "Write a model's weights as safetensors (encoder.N.weight, …, normalization.offset/scale), or its float graph as ONNX, with the rest of the model as metadata.");
        command.Arguments.Add(model);
        command.Options.Add(output);
        command.Options.Add(onnx);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var m = ModelImporter.Load(r.GetValue(model)!);
            if (r.GetValue(onnx))
            {
                var graph = ModelFiles.Onnx.OnnxExporter.Export(m);
                ModelFiles.Onnx.OnnxFiles.Write(r.GetValue(output)!, graph);
                Console.WriteLine($"wrote {r.GetValue(output)}: ONNX opset {ModelFiles.Onnx.OnnxExporter.Opset}, {graph.Graph.Nodes.Length} nodes, {m.ParameterCount:N0} parameters, model description in metadata \"{ModelFiles.Onnx.OnnxImporter.MetadataKey}\"");
                return 0;
            }
            var (tensors, metadata) = SafeTensorsModels.Export(m);
            string target = r.GetValue(output)!;
            SafeTensorsFile.Write(target, tensors, metadata);
            Console.WriteLine($"wrote {target}: {tensors.Count} tensors, {m.ParameterCount:N0} parameters, model description in metadata \"{SafeTensorsModels.MetadataKey}\"");
            return 0;
        }));
        return command;
    }
}
