using System.Numerics;
using EdgeVae.Compiler.Graph;
using EdgeVae.Contract;
using EdgeVae.Numerics.Nn;
using EdgeVae.Numerics.Random;

namespace EdgeVae.Trainer.Models;

/// <summary>
/// The trainer's module for each op of the graph (PyTorch's names): dense → <see cref="Linear{T}"/>, conv1d →
/// <see cref="Conv1d{T}"/>, activation → <see cref="ActivationLayer{T}"/>, reshape → <see cref="ReshapeLayer{T}"/>, transpose →
/// <see cref="TransposeLayer{T}"/>, upsample → <see cref="Upsample1d{T}"/>, gaussian_head → <see cref="GaussianHead{T}"/>.
/// Weights come from the op, or are drawn from <c>init</c> when the op has none yet: by the scheme the configuration
/// names, or else He uniform before a ReLU-like activation and Xavier uniform for the code and output layers and before
/// other activations (the order of the ops is the order of the draws).
/// </summary>
internal static class NetworkBuilder
{
    public static Module<T> Module<T>(ModelGraph graph, int index, TensorShape input, Prng? init, bool lastOfHalf, Init? scheme = null)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
    {
        var op = graph[index];
        var rng = init ?? new Prng(0);
        switch (op)
        {
            case DenseOp d:
            {
                var linear = new Linear<T>(d.InFeatures, d.OutFeatures, rng, scheme ?? InitFor(graph, index, lastOfHalf), d.Name);
                if (!d.IsUninitialized) Copy(d.Weight, d.Bias, linear.Weight, linear.Bias);
                return linear;
            }
            case Conv1DOp c:
            {
                var conv = new Conv1d<T>(c.InChannels, c.OutChannels, c.KernelSize, input.Length, rng, scheme ?? InitFor(graph, index, lastOfHalf),
                    c.Stride, c.Dilation, c.PaddingLeft, c.PaddingRight, c.Name);
                if (!c.IsUninitialized) Copy(c.Weight, c.Bias, conv.Weight, conv.Bias);
                return conv;
            }
            case ActivationOp a: return new ActivationLayer<T>(a.Function);
            case ReshapeOp r: return new ReshapeLayer<T>((int)r.Shape.Size);
            case TransposeOp _: return new TransposeLayer<T>(input.Dim0, input.Dim1);
            case UpsampleOp u: return new Upsample1d<T>(input.Channels, input.Length, u.Factor);
            case GaussianHeadOp _: return new GaussianHead<T>((int)input.Size / 2);
            case BatchNormOp b:
            {
                var norm = new BatchNorm1d<T>(b.Features, BatchNormMomentum, b.Eps, b.Name);
                if (!b.IsUninitialized)
                {
                    Copy(b.Weight, b.Bias, norm.Weight, norm.Bias);
                    Numbers.FromFloat<T>(b.RunningMean.AsArray(), norm.RunningMean.Span);
                    Numbers.FromFloat<T>(b.RunningVar.AsArray(), norm.RunningVar.Span);
                }
                return norm;
            }
            default: throw new ArgumentException($"op \"{op.Name}\" ({op.Type}) has no trainer module.");
        }
    }

    /// <summary>PyTorch's default: the running statistics move a tenth of the way to each batch's.</summary>
    public const double BatchNormMomentum = 0.1;

    private static Init InitFor(ModelGraph graph, int index, bool lastOfHalf)
    {
        if (lastOfHalf || index + 1 >= graph.Count) return Init.XavierUniform;
        int next = index + 1;
        if (graph[next] is BatchNormOp && next + 1 < graph.Count) next++; // the activation after the normalisation
        return graph[next] is ActivationOp { Function: ActivationFunction.Relu or ActivationFunction.LeakyRelu } ? Init.HeUniform : Init.XavierUniform;
    }

    private static void Copy<T>(Compiler.Model.EquatableArray<float> weight, Compiler.Model.EquatableArray<float> bias, Parameter<T> w, Parameter<T> b) where T : INumberBase<T>
    {
        Numbers.FromFloat<T>(weight.AsArray(), w.Value.Span);
        Numbers.FromFloat<T>(bias.AsArray(), b.Value.Span);
    }
}
