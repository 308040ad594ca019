using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeVae.Runtime.Kernels;

/// <summary>
/// The model's input normalisation, normalized[i] = (input[i] − offset[i])·scale[i] (elementwise IEEE, so exact on every
/// path), alone or together with the quantization of the result into the network's input codes.
/// </summary>
public static class Normalize
{
    public static void Float32(ReadOnlySpan<float> input, ReadOnlySpan<float> offset, ReadOnlySpan<float> scale, Span<float> normalized)
    {
        if (offset.Length != input.Length || scale.Length != input.Length || normalized.Length < input.Length)
            throw new ArgumentException($"Normalize: offset, scale and output must hold {input.Length} values, one per feature.");
        int n = input.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float x = ref MemoryMarshal.GetReference(input);
            ref float o = ref MemoryMarshal.GetReference(offset);
            ref float s = ref MemoryMarshal.GetReference(scale);
            ref float y = ref MemoryMarshal.GetReference(normalized);
            for (; i + 8 <= n; i += 8)
                ((Vector256.LoadUnsafe(ref x, (nuint)i) - Vector256.LoadUnsafe(ref o, (nuint)i)) * Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            // Arm64 NEON (and x86 without AVX): the same two operations per element, four at a time.
            ref float x = ref MemoryMarshal.GetReference(input);
            ref float o = ref MemoryMarshal.GetReference(offset);
            ref float s = ref MemoryMarshal.GetReference(scale);
            ref float y = ref MemoryMarshal.GetReference(normalized);
            for (; i + 4 <= n; i += 4)
                ((Vector128.LoadUnsafe(ref x, (nuint)i) - Vector128.LoadUnsafe(ref o, (nuint)i)) * Vector128.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        for (; i < n; i++) normalized[i] = (input[i] - offset[i]) * scale[i];
    }

    /// <summary>
    /// <see cref="Float32"/> and <see cref="Quantize.Int8"/> in one pass: each element through exactly the operations of
    /// the two.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Int8(ReadOnlySpan<float> input, ReadOnlySpan<float> offset, ReadOnlySpan<float> normScale,
        Span<float> normalized, float scale, int zeroPoint, Span<sbyte> q)
    {
        int n = input.Length, i = 0;
        if (offset.Length != n || normScale.Length != n || normalized.Length < n || q.Length < n)
            throw new ArgumentException($"Normalize: offset, scale and both outputs must hold {n} values, one per feature.");
        if (Avx512F.IsSupported)
        {
            var lanes = new Quantize.Int8Lanes(scale, zeroPoint);
            ref float px = ref MemoryMarshal.GetReference(input);
            ref float po = ref MemoryMarshal.GetReference(offset);
            ref float ps = ref MemoryMarshal.GetReference(normScale);
            ref float pn = ref MemoryMarshal.GetReference(normalized);
            ref sbyte pq = ref MemoryMarshal.GetReference(q);
            for (; i <= n - 16; i += 16)
            {
                var v = (Vector512.LoadUnsafe(ref px, (nuint)i) - Vector512.LoadUnsafe(ref po, (nuint)i)) * Vector512.LoadUnsafe(ref ps, (nuint)i);
                v.StoreUnsafe(ref pn, (nuint)i);
                lanes.Apply(v).StoreUnsafe(ref pq, (nuint)i);
            }
        }
        if (i < n)
        {
            Float32(input[i..], offset[i..], normScale[i..], normalized[i..n]);
            Quantize.Int8(normalized[i..n], scale, zeroPoint, q[i..n]);
        }
    }

    /// <summary><see cref="Float32"/> then <see cref="Quantize.Int16"/>.</summary>
    public static void Int16(ReadOnlySpan<float> input, ReadOnlySpan<float> offset, ReadOnlySpan<float> normScale,
        Span<float> normalized, float scale, Span<short> q)
    {
        Float32(input, offset, normScale, normalized);
        Quantize.Int16(normalized[..input.Length], scale, q);
    }

    /// <summary>Codes of the reconstruction back in sensor units: output[i] = scale·(decoded[i] − zeroPoint) / normScale[i] + offset[i].</summary>
    public static void InverseInt8(ReadOnlySpan<sbyte> decoded, float scale, int zeroPoint, ReadOnlySpan<float> offset, ReadOnlySpan<float> normScale, Span<float> output)
    {
        CheckInverse(decoded.Length, offset.Length, normScale.Length, output.Length);
        for (int i = 0; i < decoded.Length; i++) output[i] = scale * (decoded[i] - zeroPoint) / normScale[i] + offset[i];
    }

    /// <summary>The int16 version of <see cref="InverseInt8"/>.</summary>
    public static void InverseInt16(ReadOnlySpan<short> decoded, float scale, int zeroPoint, ReadOnlySpan<float> offset, ReadOnlySpan<float> normScale, Span<float> output)
    {
        CheckInverse(decoded.Length, offset.Length, normScale.Length, output.Length);
        for (int i = 0; i < decoded.Length; i++) output[i] = scale * (decoded[i] - zeroPoint) / normScale[i] + offset[i];
    }

    /// <summary>A float reconstruction back in sensor units: output[i] = decoded[i] / normScale[i] + offset[i].</summary>
    public static void InverseFloat32(ReadOnlySpan<float> decoded, ReadOnlySpan<float> offset, ReadOnlySpan<float> normScale, Span<float> output)
    {
        CheckInverse(decoded.Length, offset.Length, normScale.Length, output.Length);
        for (int i = 0; i < decoded.Length; i++) output[i] = decoded[i] / normScale[i] + offset[i];
    }

    private static void CheckInverse(int decoded, int offset, int scale, int output)
    {
        if (offset != decoded || scale != decoded || output < decoded)
            throw new ArgumentException($"Normalize: offset, scale and output must hold {decoded} values, one per feature.");
    }
}
