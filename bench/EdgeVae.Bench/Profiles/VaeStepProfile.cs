using System.Diagnostics;
using EdgeVae.Numerics.Losses;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Optim;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Numerics.Activations;
using EdgeVae.Contract;

namespace EdgeVae.Bench.Profiles;

/// <summary>
/// `parts`: seconds per Fashion-MNIST epoch (422 batches of 128) spent in each piece of a VAE 784-400-20 training
/// step — the products, activations, loss and optimizer — to see where an epoch goes beyond its GEMM time.
/// </summary>
internal static class VaeStepProfile
{
    public static void Run()
    {
        var rng = new Prng(1);
        var l1 = new Linear<float>(784, 400, rng); var l2 = new Linear<float>(400, 40, rng); var l3 = new Linear<float>(20, 400, rng); var l4 = new Linear<float>(400, 784, rng);
        var ps = new[] { l1, l2, l3, l4 }.SelectMany(l => l.Parameters()).ToArray();
        var adam = new Adam<float>(ps);
        var x = Tensor<float>.Zeros(128, 784); rng.FillUniform(x.Span, 0, 1);
        var z = Tensor<float>.Zeros(128, 20); rng.FillGaussian(z.Span);
        var bce = new BCEWithLogitsLoss<float>(Reduction.BatchMean);
        var relu = new ActivationLayer<float>(ActivationFunction.Relu);
        const int n = 422;
        void Time(string name, Action a) { a(); var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) a(); Console.WriteLine($"{name,-20} {sw.Elapsed.TotalSeconds:F3} s/epoch"); }
        var y = new float[128 * 400];
        Time("gemm 128x400x784", () => EdgeVae.Numerics.LinearAlgebra.Gemm.Multiply(EdgeVae.Numerics.LinearAlgebra.Transpose.None, EdgeVae.Numerics.LinearAlgebra.Transpose.Transpose, 128, 400, 784, 1f, x.Span, 784, l1.Weight.Value.Span, 784, 0f, y, 400));
        Time("gemm 1 thread", () => EdgeVae.Numerics.LinearAlgebra.Gemm.Multiply(EdgeVae.Numerics.LinearAlgebra.Transpose.None, EdgeVae.Numerics.LinearAlgebra.Transpose.Transpose, 128, 400, 784, 1f, x.Span, 784, l1.Weight.Value.Span, 784, 0f, y, 400, threads: 1));
        Time("fwd l1", () => l1.Forward(x));
        Time("fwd l4", () => l4.Forward(l3.Forward(z)));
        var g = Tensor<float>.Zeros(128, 784); 
        Time("bwd l4", () => l4.Backward(g));
        Time("relu fwd+bwd", () => { var h = relu.Forward(l1.Forward(x)); relu.Backward(h); });
        Time("bce", () => bce.Forward(g, x));
        Time("adam", () => adam.Step());
        Time("zerograd", () => { foreach (var p in ps) p.ZeroGrad(); });
        Time("fill gaussian 2560", () => rng.FillGaussian<float>(z.Span));
    }
}
