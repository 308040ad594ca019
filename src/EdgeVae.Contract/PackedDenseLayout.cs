using System.Collections.Generic;

namespace EdgeVae.Contract
{
    /// <summary>
    /// The layout of an int8 layer packed at build time for 8-wide integer dot-product instructions (the layout XNNPACK and
    /// oneDNN use for GEMV), written by the compiler and read by the runtime's packed kernels.
    /// <para>
    /// Weights, for <c>n</c> outputs and <c>k</c> inputs: outputs in blocks of 8, inputs in groups of 4;
    /// <c>packed[(block·groups + group)·32 + lane·4 + t] = W[8·block + lane, 4·group + t]</c>, zero past the matrix. One
    /// 32-byte load then holds 4 inputs' weights for 8 outputs, and one AVX-VNNI <c>vpdpbusd</c> (or two Arm SDOTs, one per
    /// 16-byte half) of it with the 4 inputs broadcast adds 32 products into 8 per-output sums.
    /// </para>
    /// <para>
    /// Bias, <see cref="BiasIntsPerBlock"/> ints per block of 8 outputs, in two forms because the two instruction families
    /// multiply differently. x86's <c>vpdpbusd</c> multiplies unsigned by signed bytes, so its inputs enter as <c>x + 128</c>
    /// and the first eight ints are the bias folded for that: <c>bias'[c] = bias[c] − 128·Σ_j W[c, j]</c>. Arm's SDOT and
    /// SMULL multiply signed by signed, so the next eight are the plain bias. Both are int32, wrapping (the kernels' sums
    /// wrap alike, so results are exact). One layout for every target costs 32 bytes per block; in exchange a build made
    /// without a runtime identifier runs on every path, and the weights (the bulk) are shared.
    /// </para>
    /// <para>
    /// Requantization constants, <see cref="RequantizationIntsPerBlock"/> ints per block of 8 outputs: the eight mantissas,
    /// then three rows of eight bytes (two ints each, little-endian): left shifts max(shift, 0); total right shifts 31 + r
    /// with r = max(−shift, 0); rounding exponents r + 30 (64 when r = 0, which a 64-bit shift turns into 0). With them
    /// TensorFlow Lite's two roundings (a rounding doubling high multiply, then a rounding right shift by r) become one
    /// 64-bit add-and-shift, <see cref="Requantize"/>. Padded outputs get mantissa 0. Seven bytes per output.
    /// </para>
    /// </summary>
    public static class PackedDenseLayout
    {
        public const int OutputsPerBlock = 8;
        public const int InputsPerGroup = 4;
        public const int BytesPerGroup = OutputsPerBlock * InputsPerGroup;
        public const int RequantizationIntsPerBlock = 14;
        public const int BiasIntsPerBlock = 2 * OutputsPerBlock;

        /// <summary>Where, in a block's bias ints, the plain bias for signed-by-signed products starts.</summary>
        public const int SignedBiasOffset = OutputsPerBlock;

        public static int Blocks(int outputs) => (outputs + OutputsPerBlock - 1) / OutputsPerBlock;

        public static int Groups(int inputs) => (inputs + InputsPerGroup - 1) / InputsPerGroup;

        /// <summary>Bytes of packed weights for <paramref name="outputs"/> × <paramref name="inputs"/>.</summary>
        public static int PackedLength(int outputs, int inputs) => Blocks(outputs) * Groups(inputs) * BytesPerGroup;

        /// <summary>Where weight W[output, input] lives in the packed array.</summary>
        public static int Index(int output, int input, int inputs) =>
            ((output / OutputsPerBlock) * Groups(inputs) + input / InputsPerGroup) * BytesPerGroup + (output % OutputsPerBlock) * InputsPerGroup + input % InputsPerGroup;

        /// <summary>Ints of the packed bias of <paramref name="outputs"/> outputs (both forms, whole blocks).</summary>
        public static int BiasLength(int outputs) => BiasIntsPerBlock * Blocks(outputs);

        /// <summary>The weights of a row-major [outputs × inputs] matrix in the packed order.</summary>
        public static sbyte[] PackWeights(IReadOnlyList<sbyte> weights, int outputs, int inputs)
        {
            var packed = new sbyte[PackedLength(outputs, inputs)];
            for (int c = 0; c < outputs; c++)
                for (int j = 0; j < inputs; j++)
                    packed[Index(c, j, inputs)] = weights[c * inputs + j];
            return packed;
        }

        /// <summary>
        /// The bias of every block in both forms, as the class describes: bias[c] − 128·Σ_j W[c, j], then bias[c], int32
        /// (wrapping), zero for padded outputs.
        /// </summary>
        public static int[] PackBias(IReadOnlyList<long> bias, IReadOnlyList<sbyte> weights, int outputs, int inputs)
        {
            var packed = new int[BiasLength(outputs)];
            for (int c = 0; c < outputs; c++)
            {
                long rowSum = 0;
                for (int j = 0; j < inputs; j++) rowSum += weights[c * inputs + j];
                int at = BiasIntsPerBlock * (c / OutputsPerBlock) + c % OutputsPerBlock;
                packed[at] = unchecked((int)(bias[c] - 128 * rowSum));
                packed[at + SignedBiasOffset] = unchecked((int)bias[c]);
            }
            return packed;
        }

        /// <summary>The requantization constants of every block, laid out as the class describes.</summary>
        public static int[] RequantizationInts(IReadOnlyList<int> multiplier, IReadOnlyList<int> shift, int outputs)
        {
            int blocks = Blocks(outputs);
            var ints = new int[RequantizationIntsPerBlock * blocks];
            var bytes = new byte[24];
            for (int block = 0; block < blocks; block++)
            {
                for (int lane = 0; lane < OutputsPerBlock; lane++)
                {
                    int c = OutputsPerBlock * block + lane;
                    int s = c < outputs ? shift[c] : 0;
                    ints[RequantizationIntsPerBlock * block + lane] = c < outputs ? multiplier[c] : 0;
                    bytes[lane] = (byte)LeftShift(s);
                    bytes[8 + lane] = (byte)TotalRightShift(s);
                    bytes[16 + lane] = (byte)RoundingExponent(s);
                }
                for (int i = 0; i < 6; i++)
                    ints[RequantizationIntsPerBlock * block + 8 + i] = bytes[4 * i] | bytes[4 * i + 1] << 8 | bytes[4 * i + 2] << 16 | bytes[4 * i + 3] << 24;
            }
            return ints;
        }

        public static int LeftShift(int shift) => shift > 0 ? shift : 0;

        public static int TotalRightShift(int shift) => 31 + (shift < 0 ? -shift : 0);

        public static int RoundingExponent(int shift) => shift < 0 ? 30 - shift : 64;

        /// <summary>The signed shift of TensorFlow Lite's definition, recovered from the packed left and total right shifts.</summary>
        public static int Shift(int leftShift, int totalRightShift) => leftShift - (totalRightShift - 31);

        /// <summary>
        /// One output's requantization from its packed constants in 64-bit arithmetic, equal to
        /// <see cref="FixedPoint.MultiplyByQuantizedMultiplier(int, int, int)"/> for mantissas in [0, 2^31): with
        /// d = (acc &lt;&lt; left)·m + 2^30, the result is (d + 2^(r+30) − (d &lt; 0 ? 2^31 : 0)) &gt;&gt; (31 + r) for r &gt; 0 and
        /// d &gt;&gt; 31 for r = 0.
        /// </summary>
        public static int Requantize(int acc, int mantissa, int leftShift, int totalRightShift)
        {
            int right = totalRightShift - 31;
            long d = (long)(acc << leftShift) * mantissa + (1L << 30);
            if (right > 0) d += (1L << (right + 30)) - (d < 0 ? 1L << 31 : 0);
            return (int)(d >> totalRightShift);
        }

        /// <summary>Frames a packed convolution runs through the same weights at once (one weight load feeds this many chains).</summary>
        public const int ConvolutionFrames = 4;

        /// <summary>
        /// Scratch (bytes) of the packed convolution kernel: <see cref="ConvolutionFrames"/> receptive fields, each padded
        /// to whole groups of inputs, and their outputs.
        /// </summary>
        public static int ConvolutionScratch(int fanIn, int outChannels) => ConvolutionFrames * (InputsPerGroup * Groups(fanIn) + outChannels);

        /// <summary>Read-only bytes of a layer in this layout: packed weights, both forms of the bias (int32) and requantization constants.</summary>
        public static long FlashBytes(int outputs, int inputs) =>
            (long)Blocks(outputs) * (Groups(inputs) * BytesPerGroup + BiasIntsPerBlock * 4 + RequantizationIntsPerBlock * 4);
    }
}
