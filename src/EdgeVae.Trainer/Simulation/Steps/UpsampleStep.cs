using EdgeVae.Compiler.Quantization;
using EdgeVae.Runtime.Kernels;

namespace EdgeVae.Trainer.Simulation.Steps;

/// <summary>Upsample through <see cref="Upsample.Nearest{T}"/>.</summary>
internal sealed class UpsampleStep(QuantizedUpsample q) : SimulationStep
{
    public override void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output) => Upsample.Nearest(input, q.InputShape.Channels, q.Factor, output);

    public override void Run(ReadOnlySpan<short> input, Span<short> output) => Upsample.Nearest(input, q.InputShape.Channels, q.Factor, output);
}
