using EdgeVae.Contract;

namespace EdgeVae.Runtime.Kernels;

/// <summary>
/// A nonlinearity on integer codes as a table the quantizer built from the exact function: 256 entries for int8, 513
/// interpolated entries for int16 (TensorFlow Lite's LUT schemes). the output may be the input itself.
/// </summary>
public static class Lookup
{
    /// <summary>output[i] = table[input[i] + 128].</summary>
    public static void Int8(ReadOnlySpan<sbyte> input, ReadOnlySpan<short> table, Span<sbyte> output)
    {
        if (table.Length != 256) throw new ArgumentException("An int8 activation table has 256 entries.", nameof(table));
        if (output.Length < input.Length) throw new ArgumentException("Lookup: the output is shorter than the input.", nameof(output));
        for (int i = 0; i < input.Length; i++) output[i] = (sbyte)table[input[i] + 128];
    }

    /// <summary>output[i] = f(input[i]) from the 513-entry table, interpolated as <see cref="Int16Table"/> defines.</summary>
    public static void Int16(ReadOnlySpan<short> input, ReadOnlySpan<short> table, Span<short> output)
    {
        if (table.Length != Int16Table.Entries) throw new ArgumentException("An int16 activation table has 513 entries.", nameof(table));
        if (output.Length < input.Length) throw new ArgumentException("Lookup: the output is shorter than the input.", nameof(output));
        for (int i = 0; i < input.Length; i++)
        {
            int q = input[i], index = Int16Table.Index(q);
            output[i] = (short)Int16Table.Blend(table[index], table[Int16Table.Next(index)], Int16Table.Fraction(q));
        }
    }
}
