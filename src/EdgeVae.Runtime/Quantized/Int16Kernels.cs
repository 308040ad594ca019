namespace EdgeVae.Runtime.Quantized;

/// <summary>
/// int16-activation × int8-weight kernels (TensorFlow Lite's 16x8 scheme): symmetric int16 activations,
/// int64 accumulation (a 784-long dot product of 32767·127 terms exceeds int32), interpolated tables.
/// </summary>
public static class Int16Kernels
{
    public static void Dense(ReadOnlySpan<short> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<long> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, int min, int max, Span<short> output)
    {
        int k = input.Length, n = output.Length;
        if (weights.Length != n * k || bias.Length < n || multiplier.Length < n || shift.Length < n)
            throw new ArgumentException("Dense: weights must be [outputs × inputs] and bias/multiplier/shift one per output.");
        for (int c = 0; c < n; c++)
        {
            long acc = bias[c];
            var w = weights.Slice(c * k, k);
            for (int j = 0; j < k; j++) acc += input[j] * w[j];
            int q = FixedPointMath.MultiplyByQuantizedMultiplier(acc, multiplier[c], shift[c]);
            output[c] = (short)(q < min ? min : q > max ? max : q);
        }
    }

    /// <summary>
    /// values[i] = f(values[i]) from 513 samples at q = −32768 + 128·i, interpolated linearly in integers:
    /// y = t[i] + ((t[i+1] − t[i])·frac + 64) >> 7.
    /// </summary>
    public static void Lookup(Span<short> values, ReadOnlySpan<short> table)
    {
        if (table.Length != 513) throw new ArgumentException("An int16 activation table has 513 entries.", nameof(table));
        for (int i = 0; i < values.Length; i++)
        {
            int u = values[i] + 32768;
            int index = u >> 7, frac = u & 127;
            int lo = table[index], hi = table[index + (index < 512 ? 1 : 0)];
            values[i] = (short)(lo + (((hi - lo) * frac + 64) >> 7));
        }
    }

    public static void Quantize(ReadOnlySpan<float> x, float scale, Span<short> q)
    {
        for (int i = 0; i < x.Length; i++)
        {
            int v = FixedPointMath.RoundHalfAwayFromZero(x[i] / scale);
            q[i] = (short)(v < -32767 ? -32767 : v > 32767 ? 32767 : v);
        }
    }
}
