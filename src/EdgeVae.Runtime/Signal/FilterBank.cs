using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Signal;

/// <summary>
/// The filter bank (mel or bands) as a sparse product, <see cref="FixedFrontEnd.FilterBank"/>'s integers: each filter's
/// Q15 weights over its run of bins, summed in 64 bits, the row brought below 2^31 by one shared rounding shift.
/// Scalar on purpose: the sums need 64-bit products (a 31-bit power times a Q15 weight) over runs of a few bins, so a
/// vector path pays a horizontal sum per filter for a handful of products. Measured on the MLPerf shape's 128-filter mel
/// bank of a 1024-point frame (1,013 weights; 75 filters span fewer than eight bins): this loop 793 ns, an AVX2 path
/// summing eight products at a time (vpmuldq) 711 ns — 10 %, not worth a second path to keep equal. The loop here only
/// drops the bounds checks of the contract's array code (856 ns).
/// </summary>
public static class FilterBank
{
    /// <summary>
    /// output[m] = Σ_j weights[o_m + j] · input[first[m] + j] for j &lt; count[m], rounded by one shift for the whole row;
    /// returns the output's exponent (input's exponent − 15 + the shift). <paramref name="sums"/> is scratch of output.Length.
    /// </summary>
    public static int Apply(ReadOnlySpan<int> input, int exponent, ReadOnlySpan<int> first, ReadOnlySpan<int> count, ReadOnlySpan<int> weights,
        Span<long> sums, Span<int> output)
    {
        int filters = output.Length;
        if (first.Length < filters || count.Length < filters || sums.Length < filters)
            throw new ArgumentException($"FilterBank: first, count and sums need {filters} values, one per filter.");
        ref int pw = ref MemoryMarshal.GetReference(weights);
        int w = 0;
        long max = 0;
        for (int m = 0; m < filters; m++)
        {
            int k = first[m], c = count[m];
            if ((uint)k > (uint)input.Length || (uint)c > (uint)(input.Length - k) || (uint)c > (uint)(weights.Length - w))
                throw new ArgumentException($"FilterBank: filter {m} runs over bins {k} … {k + c - 1} of {input.Length} with weights to {w + c} of {weights.Length}.");
            ref int px = ref Unsafe.Add(ref MemoryMarshal.GetReference(input), k);
            ref int pf = ref Unsafe.Add(ref pw, w);
            long s = 0;
            for (int j = 0; j < c; j++) s += (long)Unsafe.Add(ref pf, j) * Unsafe.Add(ref px, j);
            w += c;
            sums[m] = s;
            if (s > max) max = s;
        }
        int shift = FixedFrontEnd.RowShift(max);
        long half = shift > 0 ? 1L << (shift - 1) : 0;
        for (int m = 0; m < filters; m++) output[m] = (int)((sums[m] + half) >> shift);
        return exponent - 15 + shift;
    }
}
