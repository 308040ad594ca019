using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeVae.Runtime.Kernels;

/// <summary>Nearest-neighbour upsampling along the length: [channels × length] to [channels × length·factor], for codes or floats.</summary>
public static class Upsample
{
    public static void Nearest<T>(ReadOnlySpan<T> input, int channels, int factor, Span<T> output)
    {
        if (channels <= 0 || factor <= 0 || input.Length % channels != 0 || output.Length != input.Length * factor)
            throw new ArgumentException($"Upsample: {input.Length} values of {channels} channels upsampled by {factor} make {input.Length * factor}, not {output.Length}.");
        // Rows follow one another, so [channels × length] upsampled along the length is the flat sequence with each value
        // repeated: the channel count only checks the shape.
        int n = input.Length, i = 0;
        ref T x = ref MemoryMarshal.GetReference(input);
        ref T y = ref MemoryMarshal.GetReference(output);
        if (factor == 2 && typeof(T) == typeof(sbyte) && Vector128.IsHardwareAccelerated)
        {
            // Sixteen codes at a time, each byte paired with itself by the interleaving shuffle.
            ref byte xb = ref Unsafe.As<T, byte>(ref x);
            ref byte yb = ref Unsafe.As<T, byte>(ref y);
            var low = Vector128.Create((byte)0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
            var high = Vector128.Create((byte)8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15);
            for (; i + 16 <= n; i += 16)
            {
                var v = Vector128.LoadUnsafe(ref xb, (nuint)i);
                Vector128.Shuffle(v, low).StoreUnsafe(ref yb, (nuint)(2 * i));
                Vector128.Shuffle(v, high).StoreUnsafe(ref yb, (nuint)(2 * i + 16));
            }
        }
        for (; i < n; i++)
        {
            T v = Unsafe.Add(ref x, i);
            for (int r = 0; r < factor; r++) Unsafe.Add(ref y, i * factor + r) = v;
        }
    }
}
