using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Reference;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.ModelFiles;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>The float reference engine reproduces the trainer's float32 network from the model file.</summary>
public class ReferenceEngineTests
{
    private static double MaxRelativeError(Compiler.Model.ModelDescription model, Dataset data)
    {
        var engine = new FloatReferenceEngine(ModelFileReader.Read(ModelFileWriter.Write(model)));
        var net = ModelImporter.Build<float>(model);
        var x = Normalizer.Apply(model.Normalization, data);
        var trainer = Tensor<float>.Zeros(0, 0);
        net.Reconstruct(Tensor<float>.FromArray(data.Count, model.InputSize, x), trainer);
        // Norm-wise relative error of each output vector, ‖a − b‖ / ‖b‖: the two sum their dot products in different
        // orders (the trainer's blocked FMA GEMM, the engine's TensorPrimitives.Dot), so elements that cancel to
        // near zero differ relatively more than the vector does.
        double worst = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var mine = engine.ReconstructNormalized(data.Row(i));
            var theirs = trainer.Row(i);
            double diff = 0, norm = 0;
            for (int j = 0; j < mine.Length; j++)
            {
                diff += (mine[j] - (double)theirs[j]) * (mine[j] - (double)theirs[j]);
                norm += (double)theirs[j] * theirs[j];
            }
            worst = Math.Max(worst, Math.Sqrt(diff / norm));
        }
        return worst;
    }

    [Fact]
    public void Reconstructions_match_the_trainer_float32_to_1e_6_relative()
    {
        double motor = MaxRelativeError(TrainedModels.Motor, TrainedModels.MotorWindows(2000));
        Assert.True(motor <= 1e-6, $"motor: max relative error {motor:G3}");
        var test = DataSources.Load("fashion-mnist", new DataOptions { TrainLimit = 3000, TestLimit = 1000 }).Test;
        double fashion = MaxRelativeError(TrainedModels.Fashion, test);
        Assert.True(fashion <= 1e-6, $"fashion VAE: max relative error {fashion:G3}");
    }

    [Fact]
    public void Broken_files_are_rejected_with_the_file_the_line_and_the_reason()
    {
        string text = ModelFileWriter.Write(TrainedModels.Motor);
        string dir = Path.Combine(Path.GetTempPath(), "edgevae-reference-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string version = Path.Combine(dir, "version.evae"), truncated = Path.Combine(dir, "truncated.evae");
        File.WriteAllText(version, text.Replace("\"version\": 2", "\"version\": 4"));
        File.WriteAllText(truncated, text[..(text.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => FloatReferenceEngine.Load(version));
        Assert.Contains("version.evae:3:", e.Message);
        Assert.Contains("format version 4 is not supported", e.Message);
        Assert.Contains("truncated.evae", Assert.Throws<InvalidDataException>(() => FloatReferenceEngine.Load(truncated)).Message);
        Directory.Delete(dir, recursive: true);
    }
}
