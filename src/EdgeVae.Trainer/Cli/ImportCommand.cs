using System.CommandLine;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae import</c>: a safetensors file (from <c>edgevae export</c>, or from PyTorch) as a model file.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("file") { Description = "The .safetensors or .onnx file." };
        var output = new Option<string>("--out", "-o") { Description = "The model file (.evae) to write.", Required = true };
        var kind = new Option<string>("--kind") { Description = "Without EdgeVae metadata: ae, sparse, denoising or vae (a VAE's last encoder layer is [μ | log σ²]).", DefaultValueFactory = _ => "ae" };
        var activation = new Option<string>("--activation") { Description = "Without EdgeVae metadata: hidden layers' activation (relu, leaky_relu, sigmoid, tanh, softplus, identity).", DefaultValueFactory = _ => "relu" };
        var outputActivation = new Option<string>("--output-activation") { Description = "Without EdgeVae metadata: the decoder's last activation.", DefaultValueFactory = _ => "identity" };
        var reconstruction = new Option<string>("--reconstruction") { Description = "Without EdgeVae metadata: gaussian (MSE) or bernoulli (the decoder outputs logits).", DefaultValueFactory = _ => "gaussian" };
        var channels = new Option<int>("--channels") { Description = "Without EdgeVae metadata: interleaved channels per time step of the input.", DefaultValueFactory = _ => 1 };
        var window = new Option<int>("--window") { Description = "Without EdgeVae metadata: time steps per window (0: not a time series).", DefaultValueFactory = _ => 0 };
        var name = new Option<string>("--name") { Description = "Without EdgeVae metadata: the model's name.", DefaultValueFactory = _ => "imported" };
        var latent = new Option<string?>("--latent") { Description = "ONNX: the tensor between encoder and decoder, when no graph output is named latent, z or code (a VAE's mu and logvar outputs are found by name)." };
        var command = new Command("import", "Read a safetensors or ONNX file into a model file. Files from edgevae export carry their description; other safetensors are read by tensor names (encoder.N.weight [out, in], encoder.N.bias, decoder.N.…, optional normalization.offset/scale) with the architecture given here; other ONNX graphs are mapped node by node onto EdgeVae's ops.");
        command.Arguments.Add(input);
        foreach (var o in new Option[] { output, kind, activation, outputActivation, reconstruction, channels, window, name, latent }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string path = r.GetValue(input)!;
            var foreign = new ForeignModelOptions
            {
                Kind = r.GetValue(kind)!,
                Activation = r.GetValue(activation)!,
                OutputActivation = r.GetValue(outputActivation)!,
                Reconstruction = r.GetValue(reconstruction)!,
                Channels = r.GetValue(channels),
                Window = r.GetValue(window),
                Name = r.GetValue(name)!,
            };
            Compiler.Model.ModelDescription m;
            if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                m = ModelFiles.Onnx.OnnxImporter.Import(ModelFiles.Onnx.OnnxFiles.Read(path), foreign, r.GetValue(latent), path);
            else
            {
                var (tensors, metadata) = SafeTensorsFile.Read(path);
                m = SafeTensorsModels.Import(tensors, metadata, foreign, path);
            }
            string target = r.GetValue(output)!;
            AtomicFile.WriteAllText(target, ModelFileWriter.Write(m));
            Console.WriteLine($"wrote {target}: {ModelFileFormat.KindName(m.Kind)} {ModelSummary.Architecture(m)}, {m.ParameterCount:N0} parameters");
            if (!m.InputRange.IsKnown || m.Thresholds.Count == 0)
                Console.WriteLine($"note: no activation ranges or thresholds yet; run edgevae calibrate {target} --data … before compiling to int8/int16 or flagging anomalies.");
            return 0;
        }));
        return command;
    }
}
