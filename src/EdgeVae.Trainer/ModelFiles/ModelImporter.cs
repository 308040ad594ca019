using System.Numerics;
using System.Text.Json.Nodes;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Random;
using EdgeVae.Trainer.Models;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>Reads model files and rebuilds the network they describe in any precision.</summary>
public static class ModelImporter
{
    /// <summary>Reads and validates a model file; errors name the file, line and column.</summary>
    public static ModelDescription Load(string path)
    {
        if (!File.Exists(path)) throw new ModelFileException($"{path}: no such model file.");
        string text = File.ReadAllText(path);
        try
        {
            return ModelFileReader.Read(text);
        }
        catch (ModelFormatException e)
        {
            throw new ModelFileException($"{path}:{(e.Line > 0 ? $"{e.Line}:{e.Column}:" : "")} {e.Reason}");
        }
    }

    /// <summary>The training section as JSON (empty object when absent).</summary>
    public static JsonObject Training(ModelDescription model) =>
        model.TrainingJson.Length == 0 ? [] : JsonNode.Parse(model.TrainingJson)?.AsObject() ?? [];

    public static AutoencoderConfig ConfigOf(ModelDescription m)
    {
        var training = Training(m);
        var encoder = m.Layers.Where(l => l.Role == LayerRole.Encoder).ToArray();
        var hidden = encoder.Take(encoder.Length - 1).Select(l => l.OutFeatures).ToArray();
        var activation = encoder.Length > 1 ? encoder[0].Activation : ActivationFunction.Relu;
        SparsityPenalty? sparsity = null;
        Corruption? corruption = null;
        if (m.Kind == ModelKind.Sparse)
            sparsity = training["sparsity"] is JsonNode s ? SparsityPenalty.Parse(s.GetValue<string>())
                : encoder[^1].Activation == ActivationFunction.Sigmoid ? new SparsityPenalty(SparsityKind.KlDivergence, 0) : new SparsityPenalty(SparsityKind.L1, 0);
        if (m.Kind == ModelKind.Denoising)
        {
            corruption = training["noise"] is JsonNode n ? Corruption.Parse(n.GetValue<string>()) : new Corruption(CorruptionKind.Gaussian, 0);
            corruption = corruption with
            {
                Low = training["noise_low"]?.GetValue<double>() ?? 0,
                High = training["noise_high"]?.GetValue<double>() ?? 1,
            };
        }
        return new AutoencoderConfig
        {
            Kind = m.Kind,
            InputSize = m.InputSize,
            Hidden = hidden,
            Latent = m.LatentSize,
            Activation = activation,
            Reconstruction = m.Reconstruction,
            Sparsity = sparsity,
            Corruption = corruption,
            Beta = training["beta"]?.GetValue<double>() ?? 1,
        };
    }

    /// <summary>The network in precision T with the file's weights (float32 values, converted exactly).</summary>
    public static Autoencoder<T> Build<T>(ModelDescription m)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var config = ConfigOf(m);
        var ae = new Autoencoder<T>(config, new Prng(0));
        var linears = ae.EncoderLinears.Concat(ae.DecoderLinears).ToArray();
        if (linears.Length != m.Layers.Count) throw new ModelFileException($"{m.Name}: the file's {m.Layers.Count} layers do not form a supported encoder/decoder stack.");
        for (int i = 0; i < linears.Length; i++)
        {
            var layer = m.Layers[i];
            if (linears[i].InFeatures != layer.InFeatures || linears[i].OutFeatures != layer.OutFeatures)
                throw new ModelFileException($"{m.Name}: layer {layer.Name} is {layer.InFeatures}→{layer.OutFeatures}, which the mirrored architecture does not allow.");
            Numbers.FromFloat<T>(layer.Weight.AsArray(), linears[i].Weight.Value.Span);
            Numbers.FromFloat<T>(layer.Bias.AsArray(), linears[i].Bias.Value.Span);
        }
        return ae;
    }
}

/// <summary>A model file the trainer cannot use.</summary>
public sealed class ModelFileException(string message) : Exception(message);
