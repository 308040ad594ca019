using System.Diagnostics;
using EdgeVae.Contract;
using EdgeVae.Numerics.Activations;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Bench.Profiles;

/// <summary>
/// `conv-parts`: seconds per builtin:motor epoch (31 batches of 128 windows) spent in each module of the convolutional
/// AE of bench/conv.sh (conv 4→16 k5 s2, conv 16→32 k5 s2, code 8, mirrored with upsampling), forward and backward,
/// to see where a training epoch goes beside PyTorch's.
/// </summary>
internal static class ConvStepProfile
{
    public static void Run()
    {
        var rng = new Prng(1);
        var modules = new (string Name, Module<float> Module)[]
        {
            ("transpose in", new TransposeLayer<float>(64, 4)),
            ("conv 4→16", new Conv1d<float>(4, 16, 5, 64, rng, stride: 2, paddingLeft: 1, paddingRight: 2)),
            ("relu", new ActivationLayer<float>(ActivationFunction.Relu)),
            ("conv 16→32", new Conv1d<float>(16, 32, 5, 32, rng, stride: 2, paddingLeft: 1, paddingRight: 2)),
            ("relu", new ActivationLayer<float>(ActivationFunction.Relu)),
            ("dense 512→8", new Linear<float>(512, 8, rng)),
            ("dense 8→512", new Linear<float>(8, 512, rng)),
            ("relu", new ActivationLayer<float>(ActivationFunction.Relu)),
            ("upsample 32×16", new Upsample1d<float>(32, 16, 2)),
            ("conv 32→16", new Conv1d<float>(32, 16, 5, 32, rng, paddingLeft: 2, paddingRight: 2)),
            ("relu", new ActivationLayer<float>(ActivationFunction.Relu)),
            ("upsample 16×32", new Upsample1d<float>(16, 32, 2)),
            ("conv 16→4", new Conv1d<float>(16, 4, 5, 64, rng, paddingLeft: 2, paddingRight: 2)),
            ("transpose out", new TransposeLayer<float>(4, 64)),
        };
        var x = Tensor<float>.Zeros(128, 256);
        rng.FillGaussian(x.Span);
        const int batches = 31;
        var forward = new double[modules.Length];
        var backward = new double[modules.Length];
        var outputs = new Tensor<float>[modules.Length];
        for (int round = 0; round < batches + 3; round++)
        {
            var h = x;
            for (int i = 0; i < modules.Length; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                h = outputs[i] = modules[i].Module.Forward(h);
                if (round >= 3) forward[i] += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            }
            var g = h;
            for (int i = modules.Length - 1; i >= 0; i--)
            {
                long t0 = Stopwatch.GetTimestamp();
                g = modules[i].Module.Backward(g);
                if (round >= 3) backward[i] += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            }
        }
        Console.WriteLine($"{"module",-16} {"forward s/epoch",16} {"backward s/epoch",17}");
        for (int i = 0; i < modules.Length; i++) Console.WriteLine($"{modules[i].Name,-16} {forward[i],16:F4} {backward[i],17:F4}");
        Console.WriteLine($"{"total",-16} {forward.Sum(),16:F4} {backward.Sum(),17:F4}");
    }
}
