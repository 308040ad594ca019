using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>
/// Nearest-neighbour upsampling along the length (PyTorch's <c>nn.Upsample(scale_factor, mode="nearest")</c> on
/// [channels × length] rows): each frame repeated <see cref="Factor"/> times. Backward sums the repeats.
/// </summary>
public sealed class Upsample1d<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private readonly Tensor<T> _output = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradInput = Tensor<T>.Zeros(0, 0);
    private int _batch = -1;

    public Upsample1d(int channels, int length, int factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        (Channels, Length, Factor) = (channels, length, factor);
    }

    public int Channels { get; }

    public int Length { get; }

    public int Factor { get; }

    /// <inheritdoc />
    public override Tensor<T> Forward(Tensor<T> input)
    {
        if (input.Cols != Channels * Length) throw new ArgumentException($"Upsample1d({Channels}×{Length}) got input with {input.Cols} features.", nameof(input));
        _batch = input.Rows;
        _output.EnsureShape(_batch, Channels * Length * Factor);
        ReadOnlySpan<T> x = input.Span;
        Span<T> y = _output.Span;
        for (int r = 0; r < _batch * Channels; r++)
            for (int j = 0; j < Length; j++)
                y.Slice((r * Length + j) * Factor, Factor).Fill(x[r * Length + j]);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        if (_batch < 0) throw new InvalidOperationException("Upsample1d.Backward was called before Forward.");
        if (gradOutput.Rows != _batch || gradOutput.Cols != Channels * Length * Factor)
            throw new ArgumentException($"Upsample1d.Backward expected a gradient of shape [{_batch}, {Channels * Length * Factor}].");
        _gradInput.EnsureShape(_batch, Channels * Length);
        ReadOnlySpan<T> dy = gradOutput.Span;
        Span<T> dx = _gradInput.Span;
        for (int i = 0; i < dx.Length; i++)
        {
            T sum = T.Zero;
            for (int f = 0; f < Factor; f++) sum += dy[i * Factor + f];
            dx[i] = sum;
        }
        return _gradInput;
    }
}
