using System.Collections.Generic;

namespace EdgeVae.Compiler.Quantization
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

        /// <summary>Ints of requantization constants per block of 8 outputs.</summary>
        public const int RequantizationIntsPerBlock = 14;

        /// <summary>
        /// Requantization constants, 14 ints per block of 8 outputs: the eight mantissas, then three rows of eight
        /// bytes (two ints each, little-endian): left shifts max(shift, 0); total right shifts 31 + r with
        /// r = max(−shift, 0); rounding exponents r + 30 (64 when r = 0, which a 64-bit shift turns into 0).
        /// With them TensorFlow Lite's two roundings (a rounding doubling high multiply, then a rounding right shift
        /// by r) become one 64-bit add-and-shift: with d = (acc &lt;&lt; left)·m + 2^30,
        /// <c>result = (d + 2^(r+30) − (d &lt; 0 ? 2^31 : 0)) &gt;&gt; (31 + r)</c> for r &gt; 0 and d &gt;&gt; 31 for r = 0.
        /// Padded outputs get mantissa 0. Seven bytes per output, less than the plain layout's eight.
        /// </summary>
        public static int[] RequantizationInts(IReadOnlyList<int> multiplier, IReadOnlyList<int> shift, int outputs)
        {
            int blocks = Blocks(outputs);
            var ints = new int[RequantizationIntsPerBlock * blocks];
            var bytes = new byte[24];
            for (int block = 0; block < blocks; block++)
            {
                for (int lane = 0; lane < 8; lane++)
                {
                    int c = 8 * block + lane;
                    int s = c < outputs ? shift[c] : 0;
                    int right = s < 0 ? -s : 0;
                    ints[RequantizationIntsPerBlock * block + lane] = c < outputs ? multiplier[c] : 0;
                    bytes[lane] = (byte)(s > 0 ? s : 0);
                    bytes[8 + lane] = (byte)(31 + right);
                    bytes[16 + lane] = (byte)(right > 0 ? right + 30 : 64);
                }
                for (int i = 0; i < 6; i++)
                    ints[RequantizationIntsPerBlock * block + 8 + i] = bytes[4 * i] | bytes[4 * i + 1] << 8 | bytes[4 * i + 2] << 16 | bytes[4 * i + 3] << 24;
            }
            return ints;
        }

        /// <summary>Read-only bytes of a layer in this layout: packed weights, folded bias (int32) and requantization constants.</summary>
        public static long FlashBytes(int outputs, int inputs) => (long)Blocks(outputs) * (Groups(inputs) * 32 + 8 * 4 + RequantizationIntsPerBlock * 4);
    }
}
