using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Kernels;

/// <summary>
/// A 1-D convolution's geometry: input [InChannels × InLength] channel-major (PyTorch's Conv1d layout), output
/// [OutChannels × output length], output frame j reading input frames j·Stride − PaddingLeft + t·Dilation for t in
/// [0, KernelSize). Weights are [OutChannels × InChannels·KernelSize] row-major (PyTorch's [out, in, k] flattened).
/// </summary>
public readonly record struct Conv1DGeometry(int InChannels, int InLength, int OutChannels, int KernelSize, int Stride, int Dilation, int PaddingLeft)
{
    public int FanIn => InChannels * KernelSize;

    internal void Check(int input, int weights, int output, out int outLength)
    {
        if (InChannels <= 0 || InLength <= 0 || OutChannels <= 0 || KernelSize <= 0 || Stride <= 0 || Dilation <= 0 || PaddingLeft < 0)
            throw new ArgumentException($"Conv1D: invalid geometry {this}.");
        if (input != InChannels * InLength) throw new ArgumentException($"Conv1D: the input must hold {InChannels} × {InLength} values, not {input}.");
        if (weights != OutChannels * FanIn) throw new ArgumentException($"Conv1D: the weights must hold {OutChannels} × {FanIn} values, not {weights}.");
        if (output % OutChannels != 0) throw new ArgumentException($"Conv1D: the output ({output} values) is not a whole number of frames of {OutChannels} channels.");
        outLength = output / OutChannels;
    }
}

/// <summary>
/// A convolution's geometry as compile-time constants, as <see cref="IDenseShape"/> is a dense layer's: generated code
/// declares one struct per convolution, and the kernel is compiled for it.
/// </summary>
public interface IConv1DShape
{
    static abstract int InChannels { get; }
    static abstract int InLength { get; }
    static abstract int OutChannels { get; }
    static abstract int OutLength { get; }
    static abstract int KernelSize { get; }
    static abstract int Stride { get; }
    static abstract int Dilation { get; }
    static abstract int PaddingLeft { get; }
}

/// <summary>
/// The 1-D convolution in every precision, TensorFlow Lite's CONV_2D on one axis. Frames outside the input hold the
/// input's zero point (real 0), so the bias with the zero point folded in (bias − zp·Σw) stays exact at the edges. The
/// reference kernels loop over the definition; the packed kernels (<c>Int8Packed</c>) run each frame's receptive field through
/// the packed dense kernel and gives the same codes.
/// </summary>
public static class Conv1D
{
    /// <summary>int8 reference: output[o, j] = clamp(zp_out + MBQM(bias[o] + Σ_c Σ_t x[c, j·s − p + t·d]·W[o, c·K + t])).</summary>
    public static void Int8(ReadOnlySpan<sbyte> input, Conv1DGeometry g, int inputZeroPoint, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, int outZeroPoint, int min, int max, Span<sbyte> output) =>
        Int8(input, g, inputZeroPoint, weights, bias, multiplier, shift, outZeroPoint, min, max, output, 0, -1);

    /// <summary>
    /// <see cref="Int8(ReadOnlySpan{sbyte}, Conv1DGeometry, int, ReadOnlySpan{sbyte}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, int, Span{sbyte})"/>
    /// for output frames [<paramref name="firstFrame"/>, <paramref name="endFrame"/>) only (−1: to the end): what a streaming
    /// scorer computes when the other frames are the previous window's.
    /// </summary>
    public static void Int8(ReadOnlySpan<sbyte> input, Conv1DGeometry g, int inputZeroPoint, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, int outZeroPoint, int min, int max, Span<sbyte> output, int firstFrame, int endFrame)
    {
        g.Check(input.Length, weights.Length, output.Length, out int outLength);
        if (bias.Length < g.OutChannels || multiplier.Length < g.OutChannels || shift.Length < g.OutChannels)
            throw new ArgumentException("Conv1D: bias, multiplier and shift need one value per output channel.");
        if (endFrame < 0) endFrame = outLength;
        int k = g.KernelSize, fanIn = g.FanIn;
        for (int j = firstFrame; j < endFrame; j++)
        {
            int start = j * g.Stride - g.PaddingLeft;
            for (int o = 0; o < g.OutChannels; o++)
            {
                int acc = bias[o];
                var w = weights.Slice(o * fanIn, fanIn);
                for (int c = 0; c < g.InChannels; c++)
                    for (int t = 0; t < k; t++)
                    {
                        int idx = start + t * g.Dilation;
                        int x = (uint)idx < (uint)g.InLength ? input[c * g.InLength + idx] : inputZeroPoint;
                        acc += x * w[c * k + t];
                    }
                output[o * outLength + j] = (sbyte)FixedPoint.Requantize(acc, multiplier[o], shift[o], outZeroPoint, min, max);
            }
        }
    }

    /// <summary>
    /// int16 × int8 (the 16x8 scheme): symmetric activations, so padding is 0; int64 accumulation. Frames
    /// [<paramref name="firstFrame"/>, <paramref name="endFrame"/>) only (−1: to the end).
    /// </summary>
    public static void Int16(ReadOnlySpan<short> input, Conv1DGeometry g, ReadOnlySpan<sbyte> weights, ReadOnlySpan<long> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, int min, int max, Span<short> output, int firstFrame = 0, int endFrame = -1)
    {
        g.Check(input.Length, weights.Length, output.Length, out int outLength);
        if (bias.Length < g.OutChannels || multiplier.Length < g.OutChannels || shift.Length < g.OutChannels)
            throw new ArgumentException("Conv1D: bias, multiplier and shift need one value per output channel.");
        int k = g.KernelSize, fanIn = g.FanIn;
        if (endFrame < 0) endFrame = outLength;
        for (int j = firstFrame; j < endFrame; j++)
        {
            int start = j * g.Stride - g.PaddingLeft;
            for (int o = 0; o < g.OutChannels; o++)
            {
                long acc = bias[o];
                var w = weights.Slice(o * fanIn, fanIn);
                for (int c = 0; c < g.InChannels; c++)
                    for (int t = 0; t < k; t++)
                    {
                        int idx = start + t * g.Dilation;
                        if ((uint)idx < (uint)g.InLength) acc += input[c * g.InLength + idx] * w[c * k + t];
                    }
                int q = FixedPoint.MultiplyByQuantizedMultiplier(acc, multiplier[o], shift[o]);
                output[o * outLength + j] = (short)(q < min ? min : q > max ? max : q);
            }
        }
    }

    /// <summary>
    /// float32: output[o, j] = bias[o] + Σ_c Σ_t x[c, j·s − p + t·d]·W[o, c·K + t], zeros outside the input. Frames
    /// [<paramref name="firstFrame"/>, <paramref name="endFrame"/>) only (−1: to the end). Each frame's receptive field
    /// is gathered once (on the stack, zeros for padding) and dotted with every output channel's weight row, the dense
    /// float kernel per frame; a receptive field too large for the stack runs the loops of the definition.
    /// </summary>
    public static void Float32(ReadOnlySpan<float> input, Conv1DGeometry g, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output,
        int firstFrame = 0, int endFrame = -1)
    {
        g.Check(input.Length, weights.Length, output.Length, out int outLength);
        if (bias.Length < g.OutChannels) throw new ArgumentException("Conv1D: the bias needs one value per output channel.");
        int k = g.KernelSize, fanIn = g.FanIn;
        if (endFrame < 0) endFrame = outLength;
        if (fanIn > MaxStackPatch)
        {
            Float32Definition(input, g, weights, bias, output, outLength, firstFrame, endFrame);
            return;
        }
        Span<float> patch = stackalloc float[fanIn];
        for (int j = firstFrame; j < endFrame; j++)
        {
            int start = j * g.Stride - g.PaddingLeft;
            for (int c = 0; c < g.InChannels; c++)
            {
                var row = input.Slice(c * g.InLength, g.InLength);
                if (g.Dilation == 1 && start >= 0 && start + k <= g.InLength) row.Slice(start, k).CopyTo(patch.Slice(c * k, k));
                else
                    for (int t = 0; t < k; t++)
                    {
                        int idx = start + t * g.Dilation;
                        patch[c * k + t] = (uint)idx < (uint)g.InLength ? row[idx] : 0f;
                    }
            }
            for (int o = 0; o < g.OutChannels; o++) output[o * outLength + j] = bias[o] + TensorPrimitives.Dot(patch, weights.Slice(o * fanIn, fanIn));
        }
    }

    /// <summary>The largest receptive field (values) the float kernel gathers on the stack: 16 KB.</summary>
    private const int MaxStackPatch = 4096;

    private static void Float32Definition(ReadOnlySpan<float> input, Conv1DGeometry g, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output,
        int outLength, int firstFrame, int endFrame)
    {
        int k = g.KernelSize, fanIn = g.FanIn;
        for (int j = firstFrame; j < endFrame; j++)
        {
            int start = j * g.Stride - g.PaddingLeft;
            for (int o = 0; o < g.OutChannels; o++)
            {
                float acc = 0;
                var w = weights.Slice(o * fanIn, fanIn);
                for (int c = 0; c < g.InChannels; c++)
                    for (int t = 0; t < k; t++)
                    {
                        int idx = start + t * g.Dilation;
                        if ((uint)idx < (uint)g.InLength) acc += input[c * g.InLength + idx] * w[c * k + t];
                    }
                output[o * outLength + j] = bias[o] + acc;
            }
        }
    }

    /// <summary>Scratch the packed kernel needs: the receptive fields of a few frames, padded to whole groups of inputs, and their outputs.</summary>
    public static int Int8PackedScratchLength(int inChannels, int kernelSize, int outChannels) => PackedDenseLayout.ConvolutionScratch(inChannels * kernelSize, outChannels);

    /// <summary>
    /// int8 on weights packed as a dense layer of [OutChannels × InChannels·KernelSize] (<see cref="PackedDenseLayout"/>,
    /// the bias in both forms): each output frame's receptive field is gathered into
    /// <paramref name="scratch"/> (padding as the input's zero point) and run through the packed dense kernel on the best
    /// instruction path; the same codes as <see cref="Int8(ReadOnlySpan{sbyte}, Conv1DGeometry, int, ReadOnlySpan{sbyte}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, int, Span{sbyte})"/>.
    /// Frames [<paramref name="firstFrame"/>, <paramref name="endFrame"/>) only (−1: to the end) for a streaming scorer.
    /// </summary>
    public static void Int8Packed(ReadOnlySpan<sbyte> input, Conv1DGeometry g, int inputZeroPoint, ReadOnlySpan<sbyte> packedWeights, ReadOnlySpan<int> packedBias,
        ReadOnlySpan<int> requantization, int outZeroPoint, int min, int max, Span<sbyte> output, Span<sbyte> scratch, int firstFrame = 0, int endFrame = -1) =>
        Int8PackedOn<Dense.AnyShape>(input, g, inputZeroPoint, packedWeights, packedBias, requantization, outZeroPoint, min, max, output, scratch, firstFrame, endFrame,
            Dense.BestPath, Avx512F.VL.IsSupported);

    /// <summary>
    /// The packed kernel for a convolution whose geometry is known when the program is compiled: generated code passes
    /// one struct per convolution and the kernel is compiled for it, the dense product of a frame with its loop counts known.
    /// </summary>
    public static void Int8Packed<TShape>(ReadOnlySpan<sbyte> input, int inputZeroPoint, ReadOnlySpan<sbyte> packedWeights, ReadOnlySpan<int> packedBias,
        ReadOnlySpan<int> requantization, int outZeroPoint, int min, int max, Span<sbyte> output, Span<sbyte> scratch, int firstFrame = 0, int endFrame = -1)
        where TShape : struct, IConv1DShape
    {
        var g = new Conv1DGeometry(TShape.InChannels, TShape.InLength, TShape.OutChannels, TShape.KernelSize, TShape.Stride, TShape.Dilation, TShape.PaddingLeft);
        if (output.Length != TShape.OutChannels * TShape.OutLength)
            throw new ArgumentException($"Conv1D: this convolution gives [{TShape.OutChannels} × {TShape.OutLength}], not {output.Length} values.", nameof(output));
        Int8PackedOn<FrameShape<TShape>>(input, g, inputZeroPoint, packedWeights, packedBias, requantization, outZeroPoint, min, max, output, scratch, firstFrame, endFrame,
            Dense.BestPath, Avx512F.VL.IsSupported);
    }

    /// <summary>
    /// The packed kernel on a chosen product path (tests run each one the machine has). On AVX-VNNI and SDOT frames go four at a
    /// time through <see cref="Dense.Int8PackedFrames{TShape}"/>, which loads each block of weights once for the four;
    /// the rest, and the other paths, one frame at a time through the dense kernel.
    /// </summary>
    internal static void Int8PackedOn<TFrame>(ReadOnlySpan<sbyte> input, Conv1DGeometry g, int inputZeroPoint, ReadOnlySpan<sbyte> packedWeights, ReadOnlySpan<int> packedBias,
        ReadOnlySpan<int> requantization, int outZeroPoint, int min, int max, Span<sbyte> output, Span<sbyte> scratch, int firstFrame, int endFrame,
        Dense.DotPath path, bool avx512)
        where TFrame : struct, IDenseShape
    {
        if (packedWeights.Length != PackedDenseLayout.PackedLength(g.OutChannels, g.FanIn))
            throw new ArgumentException($"Conv1D: {packedWeights.Length} packed weight bytes do not fit {g.OutChannels} outputs × {g.FanIn} inputs.", nameof(packedWeights));
        g.Check(input.Length, g.OutChannels * g.FanIn, output.Length, out int outLength);
        int fanIn = g.FanIn, outChannels = g.OutChannels, frames = PackedDenseLayout.ConvolutionFrames;
        int stride = PackedDenseLayout.InputsPerGroup * PackedDenseLayout.Groups(fanIn);
        if (scratch.Length < PackedDenseLayout.ConvolutionScratch(fanIn, outChannels))
            throw new ArgumentException($"Conv1D: the scratch must hold {PackedDenseLayout.ConvolutionScratch(fanIn, outChannels)} values.", nameof(scratch));
        if (endFrame < 0) endFrame = outLength;
        var patches = scratch[..(frames * stride)];
        var codes = scratch.Slice(frames * stride, frames * outChannels);
        int j = firstFrame;
        if (Dense.CanRunFrames(path, requantization, outChannels))
        {
            for (; j + frames <= endFrame; j += frames)
            {
                for (int f = 0; f < frames; f++) Gather(input, g, inputZeroPoint, j + f, scratch.Slice(f * stride));
                Dense.Int8PackedFrames<TFrame>(patches, stride, fanIn, packedWeights, packedBias, requantization, outZeroPoint, min, max, codes, outChannels, path, avx512);
                ScatterFour(codes, outChannels, output, outLength, j);
            }
        }
        var patch = patches[..fanIn];
        var frame = codes[..outChannels];
        for (; j < endFrame; j++)
        {
            Gather(input, g, inputZeroPoint, j, patches);
            Dense.Int8Packed<TFrame>(patch, packedWeights, packedBias, requantization, outZeroPoint, min, max, frame, path, avx512);
            for (int o = 0; o < outChannels; o++) output[o * outLength + j] = frame[o];
        }
    }

    /// <summary>
    /// Four frames' codes (frame-major, <paramref name="outChannels"/> each) into output frames j … j + 3 of every
    /// channel: each channel's four bytes as one 32-bit store.
    /// </summary>
    private static void ScatterFour(ReadOnlySpan<sbyte> codes, int outChannels, Span<sbyte> output, int outLength, int j)
    {
        if (codes.Length < 4 * outChannels || (outChannels - 1) * outLength + j + 4 > output.Length)
            throw new ArgumentException("Conv1D: four frames do not fit the output.");
        ref byte c = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(codes));
        ref byte y = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(output));
        for (int o = 0; o < outChannels; o++)
        {
            uint word = Unsafe.Add(ref c, o) | (uint)Unsafe.Add(ref c, outChannels + o) << 8
                | (uint)Unsafe.Add(ref c, 2 * outChannels + o) << 16 | (uint)Unsafe.Add(ref c, 3 * outChannels + o) << 24;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref y, o * outLength + j), word);
        }
    }

    /// <summary>
    /// Output frame <paramref name="j"/>'s receptive field into the start of <paramref name="patch"/>, channel by channel,
    /// padding as the input's zero point. <paramref name="patch"/> may run on past the receptive field: inside the input,
    /// a kernel of at most 8 taps then moves each channel as one 8-byte word, ascending, each word's spill overwritten by
    /// the next channel's (a span copy per channel costs more than its few bytes). Bytes past the field may change.
    /// </summary>
    private static void Gather(ReadOnlySpan<sbyte> input, Conv1DGeometry g, int inputZeroPoint, int j, Span<sbyte> patch)
    {
        int k = g.KernelSize, inLength = g.InLength, channels = g.InChannels, start = j * g.Stride - g.PaddingLeft;
        if (g.Dilation == 1 && start >= 0 && start + k <= inLength)
        {
            ref byte src = ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(input), start));
            ref byte dst = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(patch));
            // A word stays inside both spans: it ends by the input's end and by the patch's (comparisons, not divisions:
            // this runs once per frame).
            int readable = input.Length - start - 8, writable = patch.Length - 8;
            for (int c = 0; c < channels; c++)
            {
                int from = c * inLength, to = c * k;
                if (k <= 8 && from <= readable && to <= writable) Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, to), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, from)));
                else Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref dst, to), ref Unsafe.Add(ref src, from), (uint)k);
            }
            return;
        }
        sbyte zp = (sbyte)inputZeroPoint;
        for (int c = 0; c < channels; c++)
            for (int t = 0; t < k; t++)
            {
                int idx = start + t * g.Dilation;
                patch[c * k + t] = (uint)idx < (uint)inLength ? input[c * inLength + idx] : zp;
            }
    }

    /// <summary>One output frame of a convolution as a dense layer's shape, for the packed kernel.</summary>
    private readonly struct FrameShape<TShape> : IDenseShape where TShape : struct, IConv1DShape
    {
        public static int Inputs
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => TShape.InChannels * TShape.KernelSize;
        }

        public static int Outputs
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => TShape.OutChannels;
        }
    }
}
