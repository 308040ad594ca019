using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.Simulation;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// The numerical contract: for the same model and input, the generated code's integers and scores equal the
/// trainer's integer simulation exactly — on 10,000 motor windows and 1,000 Fashion-MNIST test images.
/// </summary>
public class BitExactTests
{
    private static void AssertInt8Identical(Compiler.Model.ModelDescription model, Dataset data)
    {
        var generated = new GeneratedModel(model, "Int8");
        var infer = generated.Method<InferInt8>("Infer");
        var score = generated.Method<ScoreFn>("Score");
        var perChannel = generated.Method<ScorePerChannelFn>("Score");
        var inWorkspace = generated.ProbeMethod<ScoreFn>("ScoreInWorkspace");
        var sim = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int8));
        int n = model.InputSize, encOut = model.EncoderOutputSize, channels = model.Data.Channels;
        var expectedChannels = new float[channels];
        var actualChannels = new float[channels];
        var normalized = new float[n];
        var code = new sbyte[encOut];
        var output = new sbyte[n];
        var pre = new sbyte[n];
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            float expected = sim.Run(x);
            float actual = infer(x, normalized, code, output, pre);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"sample {i}: simulator {expected:R}, generated {actual:R}");
            for (int j = 0; j < n; j++) Assert.Equal(sim.OutputCodes[j], output[j]);
            for (int j = 0; j < encOut; j++) Assert.Equal(sim.LatentCodes[j], code[j]);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(score(x)));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(inWorkspace(x)));
            if (i % 10 == 0)
            {
                // The per-channel variant runs the scalar loop of the contract, not the vector one: same score, same shares.
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(perChannel(x, actualChannels)));
                sim.Run(x, expectedChannels);
                Assert.Equal(expectedChannels, actualChannels);
            }
        }
    }

    private static void AssertInt16Identical(Compiler.Model.ModelDescription model, Dataset data)
    {
        var generated = new GeneratedModel(model, "Int16");
        var infer = generated.Method<InferInt16>("Infer");
        var sim = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int16));
        int n = model.InputSize, encOut = model.EncoderOutputSize;
        var normalized = new float[n];
        var code = new short[encOut];
        var output = new short[n];
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            float expected = sim.Run(x);
            float actual = infer(x, normalized, code, output, Span<short>.Empty);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"sample {i}: simulator {expected:R}, generated {actual:R}");
            for (int j = 0; j < n; j++) Assert.Equal(sim.OutputCodes[j], output[j]);
            for (int j = 0; j < encOut; j++) Assert.Equal(sim.LatentCodes[j], code[j]);
        }
    }

    [Fact]
    public void Motor_int8_generated_code_equals_the_simulation_on_10000_windows() =>
        AssertInt8Identical(TrainedModels.Motor, TrainedModels.MotorWindows(10_000));

    [Fact]
    public void Motor_int16_generated_code_equals_the_simulation_on_10000_windows() =>
        AssertInt16Identical(TrainedModels.Motor, TrainedModels.MotorWindows(10_000));

    [Fact]
    public void Conv1d_ae_int8_generated_code_equals_the_simulation_on_2000_windows() =>
        AssertInt8Identical(TrainedModels.Conv, TrainedModels.MotorWindows(2000));

    [Fact]
    public void Conv1d_ae_int16_generated_code_equals_the_simulation_on_2000_windows() =>
        AssertInt16Identical(TrainedModels.Conv, TrainedModels.MotorWindows(2000));

    [Fact]
    public void Conv1d_vae_generated_code_equals_the_simulation_on_2000_windows_including_neg_elbo()
    {
        var model = TrainedModels.ConvVae;
        var data = TrainedModels.MotorWindows(2000);
        AssertInt8Identical(model, data);
        AssertInt16Identical(model, data);
        var negElbo = new GeneratedModel(model, "Int8").Method<ScoreFn>("NegativeElbo");
        var sim = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int8));
        for (int i = 0; i < data.Count; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(sim.NegativeElbo(data.Row(i))), BitConverter.SingleToInt32Bits(negElbo(data.Row(i))));
    }

    [Fact]
    public void Fashion_vae_int8_generated_code_equals_the_simulation_on_1000_images_including_neg_elbo()
    {
        var model = TrainedModels.Fashion;
        var test = DataSources.Load("fashion-mnist", new DataOptions { TrainLimit = 3000, TestLimit = 1000 }).Test;
        AssertInt8Identical(model, test);
        var negElbo = new GeneratedModel(model, "Int8").Method<ScoreFn>("NegativeElbo");
        var sim = new IntegerSimulator(Quantizer.Quantize(model, QuantizedPrecision.Int8));
        for (int i = 0; i < test.Count; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(sim.NegativeElbo(test.Row(i))), BitConverter.SingleToInt32Bits(negElbo(test.Row(i))));
    }

    [Fact]
    public void Fashion_vae_int16_generated_code_equals_the_simulation_on_1000_images()
    {
        var test = DataSources.Load("fashion-mnist", new DataOptions { TrainLimit = 3000, TestLimit = 1000 }).Test;
        AssertInt16Identical(TrainedModels.Fashion, test);
    }

    [Theory]
    [InlineData("dense")]
    [InlineData("conv")]
    public void Generated_float32_matches_the_trainer_float32_reconstruction(string which)
    {
        var model = which == "conv" ? TrainedModels.Conv : TrainedModels.Motor;
        var generated = new GeneratedModel(model, "Float32");
        var score = generated.Method<ScoreFn>("Score");
        var data = TrainedModels.MotorWindows(500);
        var (mse, _) = PrecisionScores.Compute(model, data, "float32");
        for (int i = 0; i < data.Count; i++)
            Assert.True(Math.Abs(score(data.Row(i)) - mse[i]) <= 1e-5 * Math.Max(1, mse[i]), $"window {i}: generated {score(data.Row(i))}, trainer {mse[i]}");
    }
}
