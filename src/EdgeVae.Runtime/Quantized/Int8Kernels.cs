using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeVae.Runtime.Quantized;

/// <summary>
/// int8 inference kernels (TensorFlow Lite's int8 scheme): a dense layer with int32 accumulation and
/// per-channel requantization, and the table lookup for nonlinearities. Span in, span out, no allocation;
/// the dot product has an AVX2 path (exact: integer sums do not depend on their order) beside the scalar one.
/// </summary>
public static class Int8Kernels
{
    /// <summary>
    /// output[c] = clamp(outZeroPoint + MBQM(bias[c] + Σ_j input[j]·weights[c·k + j], multiplier[c], shift[c]), min, max)
    /// for c in [0, output.Length); the input zero point is already folded into <paramref name="bias"/>.
    /// </summary>
    public static void Dense(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, int outZeroPoint, int min, int max, Span<sbyte> output)
    {
        int k = input.Length, n = output.Length;
        if (weights.Length != n * k || bias.Length < n || multiplier.Length < n || shift.Length < n)
            throw new ArgumentException("Dense: weights must be [outputs × inputs] and bias/multiplier/shift one per output.");
        for (int c = 0; c < n; c++)
        {
            int acc = bias[c] + Dot(input, weights.Slice(c * k, k));
            int q = outZeroPoint + FixedPointMath.MultiplyByQuantizedMultiplier(acc, multiplier[c], shift[c]);
            output[c] = (sbyte)(q < min ? min : q > max ? max : q);
        }
    }

    /// <summary>Σ a[i]·b[i] over int8 vectors, exactly, in int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        int n = a.Length, i = 0, sum = 0;
        if (Avx2.IsSupported && n >= 32)
        {
            ref sbyte pa = ref MemoryMarshal.GetReference(a);
            ref sbyte pb = ref MemoryMarshal.GetReference(b);
            var acc = Vector256<int>.Zero;
            for (; i <= n - 32; i += 32)
            {
                var va = Vector256.LoadUnsafe(ref pa, (nuint)i);
                var vb = Vector256.LoadUnsafe(ref pb, (nuint)i);
                // Widen to int16 (products fit: |−128·127| < 2^15), multiply and add adjacent pairs into int32.
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(va.GetLower()), Avx2.ConvertToVector256Int16(vb.GetLower())));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(va.GetUpper()), Avx2.ConvertToVector256Int16(vb.GetUpper())));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>values[i] = table[values[i] + 128]: a nonlinearity precomputed for all 256 int8 codes.</summary>
    public static void Lookup(Span<sbyte> values, ReadOnlySpan<short> table)
    {
        if (table.Length != 256) throw new ArgumentException("An int8 activation table has 256 entries.", nameof(table));
        for (int i = 0; i < values.Length; i++) values[i] = (sbyte)table[values[i] + 128];
    }

    /// <summary>q = clamp(round(x · inverseScale) + zeroPoint) for every element (the input quantization).</summary>
    public static void Quantize(ReadOnlySpan<float> x, float scale, int zeroPoint, Span<sbyte> q)
    {
        for (int i = 0; i < x.Length; i++)
        {
            int v = FixedPointMath.RoundHalfAwayFromZero(x[i] / scale) + zeroPoint;
            q[i] = (sbyte)(v < -128 ? -128 : v > 127 ? 127 : v);
        }
    }
}
