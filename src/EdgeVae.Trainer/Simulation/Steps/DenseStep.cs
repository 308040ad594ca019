using EdgeVae.Compiler.Quantization;
using EdgeVae.Runtime.Kernels;

namespace EdgeVae.Trainer.Simulation.Steps;

/// <summary>Dense through <see cref="Dense.Int8"/> and <see cref="Dense.Int16"/>.</summary>
internal sealed class DenseStep(QuantizedDense q) : SimulationStep
{
    private readonly sbyte[] _weights = q.Weights.AsArray();
    private readonly int[] _bias32 = q.Bias.Select(b => (int)b).ToArray();
    private readonly long[] _bias64 = q.Bias.AsArray();
    private readonly int[] _multiplier = q.Multiplier.AsArray(), _shift = q.Shift.AsArray();

    public override void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output) =>
        Dense.Int8(input, _weights, _bias32, _multiplier, _shift, q.Output.ZeroPoint, q.ClampMin, q.ClampMax, output);

    public override void Run(ReadOnlySpan<short> input, Span<short> output) =>
        Dense.Int16(input, _weights, _bias64, _multiplier, _shift, q.ClampMin, q.ClampMax, output);
}
