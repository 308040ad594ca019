using System.Collections.Generic;

namespace EdgeVae.Generator.Quantization
{
    /// <summary>
    /// An int8 layer rearranged at build time for EdgeVae.Runtime's <c>Int8PackedKernels.Dense</c>: weights in
    /// blocks of 8 outputs × groups of 4 inputs (<c>packed[(block·groups + group)·32 + lane·4 + t] = W[8·block + lane,
    /// 4·group + t]</c>, zero-padded), the bias folded for inputs offset by +128 (<c>bias − 128·Σ_j W[c, j]</c>, so
    /// unsigned-by-signed dot-product instructions apply), and the per-output constants padded to whole blocks.
    /// The integers the kernel computes are those of the plain layer, exactly.
    /// </summary>
    public static class PackedInt8Layer
    {
        public static int Blocks(int outputs) => (outputs + 7) / 8;

        public static int Groups(int inputs) => (inputs + 3) / 4;

        /// <summary>The weights of a row-major [outputs × inputs] matrix in the packed order.</summary>
        public static sbyte[] PackWeights(IReadOnlyList<sbyte> weights, int outputs, int inputs)
        {
            int groups = Groups(inputs);
            var packed = new sbyte[Blocks(outputs) * groups * 32];
            for (int c = 0; c < outputs; c++)
            {
                int block = c / 8, lane = c % 8;
                for (int j = 0; j < inputs; j++)
                    packed[(block * groups + j / 4) * 32 + lane * 4 + j % 4] = weights[c * inputs + j];
            }
            return packed;
        }

        /// <summary>bias[c] − 128·Σ_j W[c, j] in int32 (wrapping, as the kernel's sums wrap: the results agree modulo 2^32, hence exactly), padded.</summary>
        public static int[] FoldBias(IReadOnlyList<long> bias, IReadOnlyList<sbyte> weights, int outputs, int inputs)
        {
            var folded = new int[8 * Blocks(outputs)];
            for (int c = 0; c < outputs; c++)
            {
                long rowSum = 0;
                for (int j = 0; j < inputs; j++) rowSum += weights[c * inputs + j];
                folded[c] = unchecked((int)(bias[c] - 128 * rowSum));
            }
            return folded;
        }

        /// <summary>
        /// Requantization constants, 16 ints per block of 8 outputs: the eight mantissas, then the eight left shifts
        /// (max(shift, 0)). Padded outputs get mantissa 0.
        /// </summary>
        public static int[] RequantizationInts(IReadOnlyList<int> multiplier, IReadOnlyList<int> shift, int outputs)
        {
            var ints = new int[16 * Blocks(outputs)];
            for (int c = 0; c < outputs; c++)
            {
                int block = c / 8, lane = c % 8;
                ints[16 * block + lane] = multiplier[c];
                ints[16 * block + 8 + lane] = shift[c] > 0 ? shift[c] : 0;
            }
            return ints;
        }

        /// <summary>
        /// Requantization constants in 64-bit lanes, 24 longs per block of 8 outputs, so that TensorFlow Lite's two
        /// roundings (a rounding doubling high multiply, then a rounding right shift by r = max(−shift, 0)) become one
        /// add-and-shift: with d = a·m + 2^30 (a = acc shifted left),
        /// <c>result = (d + rounding + (d &lt; 0 ? negative : 0)) &gt;&gt; total</c>, where rounding = 2^(r−1)·2^31,
        /// negative = −2^31 (ties away from zero below zero) and total = 31 + r; for r = 0 both constants are 0.
        /// Layout per block: eight rounding terms, eight negative terms, eight total shifts.
        /// </summary>
        public static long[] RequantizationLongs(IReadOnlyList<int> shift, int outputs)
        {
            var longs = new long[24 * Blocks(outputs)];
            for (int c = 0; c < 8 * Blocks(outputs); c++)
            {
                int block = c / 8, lane = c % 8;
                int right = c < outputs && shift[c] < 0 ? -shift[c] : 0;
                longs[24 * block + lane] = right > 0 ? (1L << (right - 1)) << 31 : 0;
                longs[24 * block + 8 + lane] = right > 0 ? -(1L << 31) : 0;
                longs[24 * block + 16 + lane] = 31 + right;
            }
            return longs;
        }

        /// <summary>Read-only bytes of a layer in this layout: packed weights, folded bias (int32), 16 ints and 24 longs of requantization constants per block.</summary>
        public static long FlashBytes(int outputs, int inputs) => (long)Blocks(outputs) * (Groups(inputs) * 32 + 8 * 4 + 16 * 4 + 24 * 8);
    }
}
