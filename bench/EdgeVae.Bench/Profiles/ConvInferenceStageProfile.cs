using EdgeVae.Bench.Inference;
using EdgeVae.Contract;
using EdgeVae.Runtime.Kernels;
using EdgeVae.Runtime.Scoring;

namespace EdgeVae.Bench.Profiles;

/// <summary>
/// `conv-inference-parts`: nanoseconds per stage of one generated int8 Score of the convolutional motor model
/// (bench/models/motor-conv.evae's shapes, random weights): normalisation, the layout transposes, each convolution on
/// the packed kernel, the dense layers, the upsampling and the score, then the whole generated call.
/// </summary>
internal static class ConvInferenceStageProfile
{
    public static void Run()
    {
        var rng = new Random(1);
        var window = Enumerable.Range(0, 256).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var offset = new float[256];
        var scale = Enumerable.Repeat(1f, 256).ToArray();
        var normalized = new float[256];
        var codes = new sbyte[256];
        var t = new sbyte[256];
        double total = 0;
        total += InferenceStageProfile.Time("normalise and quantize (256)", () => Normalize.Int8(window, offset, scale, normalized, 0.03f, -3, codes));
        total += InferenceStageProfile.Time("transpose 64x4", () => Transpose.Matrix<sbyte>(codes, 64, 4, t));
        total += Conv("conv 4->16 k5 s2 (64 frames in)", 4, 64, 16, 5, 2, 1, rng);
        total += Conv("conv 16->32 k5 s2", 16, 32, 32, 5, 2, 1, rng);
        total += Dense("dense 512->8", 512, 8, rng);
        total += Dense("dense 8->512", 8, 512, rng);
        var up = new sbyte[1024];
        var half = new sbyte[512];
        total += InferenceStageProfile.Time("upsample 32x16 -> 32x32", () => Upsample.Nearest<sbyte>(half, 32, 2, up));
        total += Conv("conv 32->16 k5 s1", 32, 32, 16, 5, 1, 2, rng);
        total += InferenceStageProfile.Time("upsample 16x32 -> 16x64", () => Upsample.Nearest<sbyte>(half, 16, 2, up));
        total += Conv("conv 16->4 k5 s1", 16, 64, 4, 5, 1, 2, rng);
        total += InferenceStageProfile.Time("transpose 4x64", () => Transpose.Matrix<sbyte>(codes, 4, 64, t));
        total += InferenceStageProfile.Time("score (256)", () => ReconstructionError.MeanSquared(codes, 0.03f, -3, normalized));
        Console.WriteLine($"{"sum of the stages",-32} {total,8:F1} ns");
        InferenceStageProfile.Time("whole generated Score call", () => MotorConvInt8.Score(window), 20_000);
    }

    private static double Conv(string name, int inC, int inL, int outC, int k, int stride, int padLeft, Random rng)
    {
        var g = new Conv1DGeometry(inC, inL, outC, k, stride, 1, padLeft);
        var x = Enumerable.Range(0, inC * inL).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
        var w = Enumerable.Range(0, outC * inC * k).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
        var packed = PackedDenseLayout.PackWeights(w, outC, inC * k);
        var bias = PackedDenseLayout.PackBias(new long[outC], w, outC, inC * k);
        var requantization = PackedDenseLayout.RequantizationInts(Enumerable.Repeat(1_500_000_000, outC).ToArray(), Enumerable.Repeat(-8, outC).ToArray(), outC);
        int outL = inL / stride; // 'same' padding
        var y = new sbyte[outC * outL];
        var scratch = new sbyte[Conv1D.Int8PackedScratchLength(inC, k, outC)];
        return InferenceStageProfile.Time($"{name} ({outC * inC * k * outL} MACs)", () => Conv1D.Int8Packed(x, g, -3, packed, bias, requantization, -128, -128, 127, y, scratch), 50_000);
    }

    private static double Dense(string name, int k, int n, Random rng)
    {
        var x = Enumerable.Range(0, k).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
        var w = Enumerable.Range(0, k * n).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
        var packed = PackedDenseLayout.PackWeights(w, n, k);
        var bias = PackedDenseLayout.PackBias(new long[n], w, n, k);
        var requantization = PackedDenseLayout.RequantizationInts(Enumerable.Repeat(1_500_000_000, n).ToArray(), Enumerable.Repeat(-8, n).ToArray(), n);
        var y = new sbyte[n];
        return InferenceStageProfile.Time($"{name} ({k * n} MACs)", () => EdgeVae.Runtime.Kernels.Dense.Int8Packed(x, packed, bias, requantization, -128, -128, 127, y));
    }
}
