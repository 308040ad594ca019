using EdgeVae.Compiler.Quantization;
using EdgeVae.Trainer.Simulation.Steps;

namespace EdgeVae.Trainer.Simulation;

/// <summary>
/// One step of the integer simulation: the quantized op run through EdgeVae.Runtime's reference kernel for it, on int8 or
/// int16 codes. One class per op in <c>Steps/</c>; none holds arithmetic of its own.
/// </summary>
internal abstract class SimulationStep
{
    public abstract void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output);

    public abstract void Run(ReadOnlySpan<short> input, Span<short> output);

    public static SimulationStep For(QuantizedStep step) => step switch
    {
        QuantizedDense d => new DenseStep(d),
        QuantizedConv1D c => new Conv1DStep(c),
        QuantizedLookup l => new LookupStep(l),
        QuantizedTranspose t => new TransposeStep(t),
        QuantizedUpsample u => new UpsampleStep(u),
        QuantizedReshape or QuantizedGaussianHead => new ViewStep(),
        _ => throw new NotSupportedException($"step \"{step.Name}\" ({step.GetType().Name}) has no simulation step"),
    };
}
