using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>Each row of the batch as a [rows × columns] matrix, transposed (PyTorch's <c>x.transpose(1, 2)</c> on a batch).</summary>
public sealed class TransposeLayer<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private readonly Tensor<T> _output = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradInput = Tensor<T>.Zeros(0, 0);
    private int _batch = -1;

    public TransposeLayer(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        (Rows, Columns) = (rows, columns);
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <inheritdoc />
    public override Tensor<T> Forward(Tensor<T> input)
    {
        if (input.Cols != Rows * Columns) throw new ArgumentException($"TransposeLayer({Rows}×{Columns}) got input with {input.Cols} features.", nameof(input));
        _batch = input.Rows;
        _output.EnsureShape(_batch, Rows * Columns);
        Swap(input.Span, _output.Span, Rows, Columns);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        if (_batch < 0) throw new InvalidOperationException("TransposeLayer.Backward was called before Forward.");
        if (gradOutput.Rows != _batch || gradOutput.Cols != Rows * Columns) throw new ArgumentException($"TransposeLayer.Backward expected a gradient of shape [{_batch}, {Rows * Columns}].");
        _gradInput.EnsureShape(_batch, Rows * Columns);
        Swap(gradOutput.Span, _gradInput.Span, Columns, Rows);
        return _gradInput;
    }

    private static void Swap(ReadOnlySpan<T> x, Span<T> y, int rows, int columns)
    {
        int size = rows * columns;
        for (int b = 0; b < x.Length / size; b++)
        {
            var src = x.Slice(b * size, size);
            var dst = y.Slice(b * size, size);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++) dst[c * rows + r] = src[r * columns + c];
        }
    }
}
