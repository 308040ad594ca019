using EdgeVae.Compiler.Quantization;
using EdgeVae.Runtime.Kernels;

namespace EdgeVae.Trainer.Simulation.Steps;

/// <summary>An activation table through <see cref="Lookup.Int8"/> and <see cref="Lookup.Int16"/>.</summary>
internal sealed class LookupStep(QuantizedLookup q) : SimulationStep
{
    private readonly short[] _table = q.Table.AsArray();

    public override void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output) => Lookup.Int8(input, _table, output);

    public override void Run(ReadOnlySpan<short> input, Span<short> output) => Lookup.Int16(input, _table, output);
}
