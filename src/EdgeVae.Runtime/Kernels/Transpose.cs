using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeVae.Runtime.Kernels;

/// <summary>[rows × columns] to [columns × rows], for codes or floats: the layout change between a window as devices deliver it and a convolution's input.</summary>
public static class Transpose
{
    public static void Matrix<T>(ReadOnlySpan<T> input, int rows, int columns, Span<T> output)
    {
        if (rows < 0 || columns < 0 || input.Length != rows * columns || output.Length != rows * columns)
            throw new ArgumentException($"Transpose: input and output must hold {rows} × {columns} values.");
        // The lengths are checked once; the loops index without a check per element.
        ref T x = ref MemoryMarshal.GetReference(input);
        ref T y = ref MemoryMarshal.GetReference(output);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) Unsafe.Add(ref y, c * rows + r) = Unsafe.Add(ref x, r * columns + c);
    }
}
