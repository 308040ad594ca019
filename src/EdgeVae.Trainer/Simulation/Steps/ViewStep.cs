namespace EdgeVae.Trainer.Simulation.Steps;

/// <summary>Reshape and the Gaussian head's μ: the first output-length codes of the input, unchanged.</summary>
internal sealed class ViewStep : SimulationStep
{
    public override void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output) => input[..output.Length].CopyTo(output);

    public override void Run(ReadOnlySpan<short> input, Span<short> output) => input[..output.Length].CopyTo(output);
}
