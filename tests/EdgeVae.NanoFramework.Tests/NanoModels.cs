using EdgeVae.Compiler.Graph;
using EdgeVae.EndToEnd.Tests;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Models;
using EdgeVae.Contract;
using EdgeVae.Compiler.Emitters.NanoFramework;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>Three model sizes that fit nanoFramework, and one that does not.</summary>
internal static class NanoModels
{
    public static ModelDescription Small => TrainedModels.Motor; // 256-32-8 denoising AE

    private static readonly Lazy<ModelDescription> MidModel = new(() => Train("builtin:motor", new DataOptions { TrainLimit = 1024 },
        new AutoencoderConfig { Kind = ModelKind.Autoencoder, Hidden = [64, 32], Latent = 8, Activation = EdgeVae.Contract.ActivationFunction.Tanh }, NormalizationMethod.ZScore));

    private static readonly Lazy<ModelDescription> FashionModel = new(() => Train("fashion-mnist", new DataOptions { TrainLimit = 2000, TestLimit = 200 },
        new AutoencoderConfig { Kind = ModelKind.Variational, Hidden = [24], Latent = 8, Reconstruction = ReconstructionKind.Bernoulli }, NormalizationMethod.MinMax));

    /// <summary>256-64-32-8 with tanh hidden layers (tables on every hidden layer).</summary>
    public static ModelDescription Mid => MidModel.Value;

    /// <summary>A Fashion-MNIST-size VAE 784-24-8 (Bernoulli): sigmoid table, −ELBO tables.</summary>
    public static ModelDescription FashionSize
    {
        get
        {
            if (!FashionMnist.IsAvailable()) Assert.Fail("Fashion-MNIST is required: apt-get install dataset-fashion-mnist (.ci/run installs it).");
            return FashionModel.Value;
        }
    }

    /// <summary>The end-to-end Fashion VAE 784-64-8: ~100 KB of int8 weights, over the 64 KB initializer limit.</summary>
    public static ModelDescription TooLarge => TrainedModels.Fashion;

    public static string Emit(ModelDescription model, EmitPrecision precision = EmitPrecision.Int8, string className = "NanoModel") =>
        NanoFrameworkEmitter.Emit(model, new EmitOptions("Device", className, "public", precision, EmitTarget.NanoFramework, "model.evae")).Source;

    private static ModelDescription Train(string spec, DataOptions options, AutoencoderConfig config, NormalizationMethod method) =>
        TrainedModels.Train(spec, options, config, method, epochs: 2, seed: 5, "int8");
}
