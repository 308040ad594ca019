using System.Numerics;

namespace EdgeVae.Numerics.Tensors;

/// <summary>
/// A dense row-major tensor of rank 1 (a vector of <see cref="Cols"/> elements) or rank 2
/// (<see cref="Rows"/>×<see cref="Cols"/>) over a contiguous array, so every operation is a span operation.
/// </summary>
public sealed class Tensor<T> where T : INumberBase<T>
{
    private T[] _data;

    private Tensor(T[] data, int rows, int cols, int rank)
    {
        _data = data;
        Rows = rows;
        Cols = cols;
        Rank = rank;
    }

    /// <summary>1 for a vector, 2 for a matrix.</summary>
    public int Rank { get; private set; }

    /// <summary>Number of rows (1 for a vector).</summary>
    public int Rows { get; private set; }

    /// <summary>Number of columns (the length of a vector).</summary>
    public int Cols { get; private set; }

    /// <summary>Rows × Cols.</summary>
    public int Length => Rows * Cols;

    /// <summary>The shape, PyTorch style: <c>[n]</c> or <c>[rows, cols]</c>.</summary>
    public int[] Shape => Rank == 1 ? [Cols] : [Rows, Cols];

    /// <summary>The elements, row-major.</summary>
    public Span<T> Span => _data.AsSpan(0, Length);

    /// <summary>The underlying array (at least <see cref="Length"/> long).</summary>
    public T[] Data => _data;

    /// <summary>Row <paramref name="row"/> of a matrix.</summary>
    public Span<T> Row(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"The tensor has {Rows} rows.");
        return _data.AsSpan(row * Cols, Cols);
    }

    /// <summary>Element (row, col) of a matrix.</summary>
    public ref T this[int row, int col]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols)
                throw new IndexOutOfRangeException($"Index ({row}, {col}) is outside the {Rows}×{Cols} tensor.");
            return ref _data[row * Cols + col];
        }
    }

    /// <summary>Element i of the row-major storage.</summary>
    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length) throw new IndexOutOfRangeException($"Index {index} is outside the tensor of {Length} elements.");
            return ref _data[index];
        }
    }

    /// <summary>A zero vector of length <paramref name="length"/>.</summary>
    public static Tensor<T> Zeros(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new Tensor<T>(NewArray(length), 1, length, 1);
    }

    /// <summary>A zero matrix.</summary>
    public static Tensor<T> Zeros(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        return new Tensor<T>(NewArray(checked(rows * cols)), rows, cols, 2);
    }

    /// <summary>A matrix over a copy of <paramref name="values"/> (row-major).</summary>
    public static Tensor<T> FromArray(int rows, int cols, ReadOnlySpan<T> values)
    {
        if (values.Length != rows * cols)
            throw new ArgumentException($"A {rows}×{cols} tensor needs {rows * cols} values, got {values.Length}.", nameof(values));
        var t = Zeros(rows, cols);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>A vector over a copy of <paramref name="values"/>.</summary>
    public static Tensor<T> FromArray(ReadOnlySpan<T> values)
    {
        var t = Zeros(values.Length);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>
    /// Reshapes a matrix to <paramref name="rows"/>×<paramref name="cols"/> in place, reusing storage when it is
    /// large enough (contents are then unspecified). Layers use it to follow the batch size without allocating.
    /// </summary>
    public void EnsureShape(int rows, int cols)
    {
        if (Rows == rows && Cols == cols && Rank == 2) return;
        int needed = checked(rows * cols);
        if (_data.Length < needed) _data = NewArray(needed);
        Rows = rows;
        Cols = cols;
        Rank = 2;
    }

    /// <summary>A deep copy.</summary>
    public Tensor<T> Clone()
    {
        var copy = new Tensor<T>(NewArray(Length), Rows, Cols, Rank);
        Span.CopyTo(copy.Span);
        return copy;
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear()
    {
        Span<T> s = Span;
        if (typeof(T).IsValueType && T.IsZero(default!)) s.Clear();
        else s.Fill(T.Zero);
    }

    private static T[] NewArray(int length)
    {
        var data = new T[length];
        // default(T) is zero for the built-in types and BigFloat; fill explicitly for any type where it is not.
        if (length > 0 && !T.IsZero(data[0])) data.AsSpan().Fill(T.Zero);
        return data;
    }

    /// <inheritdoc />
    public override string ToString() => Rank == 1 ? $"Tensor<{typeof(T).Name}>[{Cols}]" : $"Tensor<{typeof(T).Name}>[{Rows}, {Cols}]";
}
