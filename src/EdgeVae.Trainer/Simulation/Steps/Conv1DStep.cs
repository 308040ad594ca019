using EdgeVae.Compiler.Quantization;
using EdgeVae.Runtime.Kernels;

namespace EdgeVae.Trainer.Simulation.Steps;

/// <summary>Conv1D through <see cref="Conv1D.Int8(ReadOnlySpan{sbyte}, Conv1DGeometry, int, ReadOnlySpan{sbyte}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, int, Span{sbyte})"/> and <see cref="Conv1D.Int16"/>.</summary>
internal sealed class Conv1DStep(QuantizedConv1D q) : SimulationStep
{
    private readonly Conv1DGeometry _geometry = new(q.InChannels, q.InLength, q.Channels, q.KernelSize, q.Stride, q.Dilation, q.PaddingLeft);
    private readonly sbyte[] _weights = q.Weights.AsArray();
    private readonly int[] _bias32 = q.Bias.Select(b => (int)b).ToArray();
    private readonly long[] _bias64 = q.Bias.AsArray();
    private readonly int[] _multiplier = q.Multiplier.AsArray(), _shift = q.Shift.AsArray();

    public override void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output) =>
        Conv1D.Int8(input, _geometry, q.Input.ZeroPoint, _weights, _bias32, _multiplier, _shift, q.Output.ZeroPoint, q.ClampMin, q.ClampMax, output);

    public override void Run(ReadOnlySpan<short> input, Span<short> output) =>
        Conv1D.Int16(input, _geometry, _weights, _bias64, _multiplier, _shift, q.ClampMin, q.ClampMax, output);
}
