using EdgeVae.Compiler.Quantization;
using EdgeVae.Runtime.Kernels;

namespace EdgeVae.Trainer.Simulation.Steps;

/// <summary>Transpose through <see cref="Transpose.Matrix{T}"/>.</summary>
internal sealed class TransposeStep(QuantizedTranspose q) : SimulationStep
{
    public override void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output) => Transpose.Matrix(input, q.InputShape.Dim0, q.InputShape.Dim1, output);

    public override void Run(ReadOnlySpan<short> input, Span<short> output) => Transpose.Matrix(input, q.InputShape.Dim0, q.InputShape.Dim1, output);
}
