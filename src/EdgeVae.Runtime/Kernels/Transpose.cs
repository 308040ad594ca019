namespace EdgeVae.Runtime.Kernels;

/// <summary>[rows × columns] to [columns × rows], for codes or floats: the layout change between a window as devices deliver it and a convolution's input.</summary>
public static class Transpose
{
    public static void Matrix<T>(ReadOnlySpan<T> input, int rows, int columns, Span<T> output)
    {
        if (input.Length != rows * columns || output.Length != rows * columns)
            throw new ArgumentException($"Transpose: input and output must hold {rows} × {columns} values.");
        for (int r = 0; r < rows; r++)
        {
            var row = input.Slice(r * columns, columns);
            for (int c = 0; c < columns; c++) output[c * rows + r] = row[c];
        }
    }
}
