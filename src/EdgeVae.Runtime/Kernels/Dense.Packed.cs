using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

using EdgeVae.Contract;

namespace EdgeVae.Runtime.Kernels;

/// <summary>
/// The int8 dense layer on weights packed at build time for 8-wide integer dot-product instructions (the layout
/// XNNPACK and oneDNN use for GEMV, defined in <see cref="PackedDenseLayout"/>): the same integers as
/// <see cref="Int8(ReadOnlySpan{sbyte}, ReadOnlySpan{sbyte}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, int, Span{sbyte})"/>, faster.
/// <para>
/// Layout, for <c>n</c> outputs and <c>k</c> inputs: outputs in blocks of 8, inputs in groups of 4;
/// <c>packed[(block·groups + group)·32 + lane·4 + t] = W[8·block + lane, 4·group + t]</c>, zero where the row
/// or column is past the matrix. So one 32-byte load holds 4 inputs' weights for 8 outputs, and one AVX-VNNI
/// <c>vpdpbusd</c> of it with the 4 inputs broadcast adds 32 products into 8 per-output sums — no horizontal adds.
/// </para>
/// <para>
/// <c>vpdpbusd</c> multiplies unsigned by signed bytes, so on x86 inputs enter as <c>x + 128</c> (a sign-bit flip)
/// against the bias folded at build time, <c>bias'[c] = bias[c] − 128·Σ_j W[c, j]</c>; Arm's SDOT and SMULL multiply
/// signed bytes and start from the plain bias beside it (the paths are in Dense.Packed.Arm.cs). Integer sums are exact in
/// any order and int32 wrap-around cancels, so every path gives the reference kernel's codes bit for bit.
/// </para>
/// <para>
/// Requantization constants come precomputed, 14 ints per block of 8 outputs: eight mantissas and eight-byte rows of left shifts, total right shifts (31 + r) and rounding exponents
/// (r + 30, or 64 for r = 0). They turn the fixed-point multiply and the rounding shift into one 64-bit multiply, a
/// few adds and one shift; seven bytes per output keep the whole model's data inside a 48 KB L1 cache.
/// </para>
/// </summary>
public static partial class Dense
{
    private const int RequantizationIntsPerBlock = PackedDenseLayout.RequantizationIntsPerBlock;
    private const int BiasIntsPerBlock = PackedDenseLayout.BiasIntsPerBlock;

    private static int Blocks(int outputs) => PackedDenseLayout.Blocks(outputs);

    /// <summary>
    /// output[c] = clamp(outZeroPoint + MBQM(bias'[c] + Σ_j (input[j] + 128)·W[c, j], multiplier[c], shift[c]), min, max),
    /// with W packed, bias' folded and the requantization constants laid out as described on the class. Mantissas are
    /// the quantizer's (0 or in [2^30, 2^31)); a negative one sends the layer through the scalar path.
    /// </summary>
    public static void Int8Packed(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedWeights, ReadOnlySpan<int> packedBias,
        ReadOnlySpan<int> requantization, int outZeroPoint, int min, int max, Span<sbyte> output) =>
        Int8Packed<AnyShape>(input, packedWeights, packedBias, requantization, outZeroPoint, min, max, output, BestPath, Avx512F.VL.IsSupported);

    /// <summary>
    /// <see cref="Int8Packed(ReadOnlySpan{sbyte}, ReadOnlySpan{sbyte}, ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, int, Span{sbyte})"/>
    /// for a layer whose shape is known when the program is compiled: the JIT (or NativeAOT) compiles the kernel once
    /// per <typeparamref name="TShape"/> with its loop counts as constants. Generated code passes one struct per layer.
    /// </summary>
    public static void Int8Packed<TShape>(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedWeights, ReadOnlySpan<int> packedBias,
        ReadOnlySpan<int> requantization, int outZeroPoint, int min, int max, Span<sbyte> output)
        where TShape : struct, IDenseShape
    {
        if (input.Length != TShape.Inputs || output.Length != TShape.Outputs)
            throw new ArgumentException($"Dense: this layer takes {TShape.Inputs} inputs to {TShape.Outputs} outputs, not {input.Length} to {output.Length}.");
        Int8Packed<TShape>(input, packedWeights, packedBias, requantization, outZeroPoint, min, max, output, BestPath, Avx512F.VL.IsSupported);
    }

    internal static DotPath BestPath =>
        AvxVnni.IsSupported ? DotPath.Vnni : Avx2.IsSupported ? DotPath.Avx2
        : Dp.IsSupported ? DotPath.Sdot : AdvSimd.IsSupported ? DotPath.Neon : DotPath.Scalar;

    /// <summary>The shape of a layer known only at run time: the kernel reads it from the spans.</summary>
    internal readonly struct AnyShape : IDenseShape
    {
        public static int Inputs => -1;
        public static int Outputs => -1;
    }

    /// <summary>
    /// The instruction sets a layer's products can run on (tests run each one the machine has): AVX-VNNI, AVX2, Arm's
    /// SDOT (Armv8.2 dot product: Cortex-A55/A76 and newer), Arm's widening multiply for cores without it (Cortex-A72),
    /// and the scalar definition.
    /// </summary>
    internal enum DotPath { Vnni, Avx2, Sdot, Neon, Scalar }

    /// <summary>
    /// The layer on a chosen path; <paramref name="avx512"/> picks AVX-512's 64-bit requantization over AVX2's emulation
    /// (a machine may have either without AVX-VNNI, so tests run both under each product path).
    /// </summary>
    internal static void Int8Packed<TShape>(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedWeights, ReadOnlySpan<int> packedBias,
        ReadOnlySpan<int> requantization, int outZeroPoint, int min, int max, Span<sbyte> output, DotPath path, bool avx512)
        where TShape : struct, IDenseShape
    {
        int k = input.Length, n = output.Length, blocks = Blocks(n);
        if (packedWeights.Length != PackedDenseLayout.PackedLength(n, k))
            throw new ArgumentException($"Dense: {packedWeights.Length} packed weight bytes do not fit {n} outputs × {k} inputs ({PackedDenseLayout.PackedLength(n, k)} expected).", nameof(packedWeights));
        if (packedBias.Length < BiasIntsPerBlock * blocks || requantization.Length < RequantizationIntsPerBlock * blocks)
            throw new ArgumentException($"Dense: {n} outputs need {BiasIntsPerBlock * blocks} bias ints and {RequantizationIntsPerBlock * blocks} requantization ints ({BiasIntsPerBlock} and {RequantizationIntsPerBlock} per block of 8).");
        if (n == 0) return;
        var layer = new Layer(input, packedWeights, packedBias, requantization, outZeroPoint, min, max, output, avx512 && Avx512F.VL.IsSupported);
        if (path != DotPath.Scalar && !HasNegativeMantissa(requantization, blocks))
        {
            switch (path)
            {
                case DotPath.Vnni: DenseVnni<TShape>(ref layer); break;
                case DotPath.Avx2: DenseAvx2(ref layer); break;
                case DotPath.Sdot: DenseSdot<TShape>(ref layer); break;
                default: DenseNeon(ref layer); break;
            }
        }
        else DenseScalar(ref layer);
    }

    /// <summary>A layer call's operands, passed by reference to the path that runs it.</summary>
    private readonly ref struct Layer(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> requantization, int zeroPoint, int min, int max, Span<sbyte> output, bool avx512)
    {
        public readonly ReadOnlySpan<sbyte> Input = input, Weights = weights;
        public readonly ReadOnlySpan<int> Bias = bias, Requantization = requantization;
        public readonly int ZeroPoint = zeroPoint, Min = min, Max = max;
        public readonly Span<sbyte> Output = output;
        public readonly bool Avx512 = avx512;
        public int Groups => (Input.Length + 3) / 4;
        public int Blocks => (Output.Length + 7) / 8;
    }

    /// <summary>Whether any block's mantissa has its sign bit set (one OR per block: this runs on every layer call).</summary>
    private static bool HasNegativeMantissa(ReadOnlySpan<int> requantization, int blocks)
    {
        ref int p = ref MemoryMarshal.GetReference(requantization);
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<int>.Zero;
            for (int b = 0; b < blocks; b++) acc |= Vector256.LoadUnsafe(ref p, (nuint)(RequantizationIntsPerBlock * b));
            return Vector256.ExtractMostSignificantBits(acc) != 0;
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var acc = Vector128<int>.Zero;
            for (int b = 0; b < blocks; b++)
                acc |= Vector128.LoadUnsafe(ref p, (nuint)(RequantizationIntsPerBlock * b)) | Vector128.LoadUnsafe(ref p, (nuint)(RequantizationIntsPerBlock * b + 4));
            return Vector128.ExtractMostSignificantBits(acc) != 0;
        }
        int any = 0;
        for (int b = 0; b < blocks; b++)
            for (int lane = 0; lane < 8; lane++) any |= Unsafe.Add(ref p, RequantizationIntsPerBlock * b + lane);
        return any < 0;
    }

    /// <summary>
    /// The four inputs of group <paramref name="g"/> as unsigned bytes (x + 128) in one int. Past the end of the input
    /// the bytes are arbitrary (their weights are zero); the last, partial group is read byte by byte so memory past
    /// the input is never touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int GroupBytes(ReadOnlySpan<sbyte> x, int g)
    {
        int j = 4 * g, raw;
        if (j + 4 <= x.Length) raw = Unsafe.ReadUnaligned<int>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(x), j)));
        else
        {
            raw = 0;
            for (int t = 0; j + t < x.Length; t++) raw |= (byte)x[j + t] << (8 * t);
        }
        return raw ^ unchecked((int)0x80808080);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Broadcast(ref byte x, int g) =>
        Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x, 4 * g)) ^ unchecked((int)0x80808080)).AsByte();

    /// <summary>
    /// AVX-VNNI: accumulators start at the folded bias; each group of four inputs is broadcast once and multiplied
    /// into eight blocks (64 outputs) with eight independent <c>vpdpbusd</c> chains; the sums are requantized in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DenseVnni<TShape>(ref Layer l) where TShape : struct, IDenseShape
    {
        // Constants when the shape is known at compile time: loop counts, the partial group and the partial block fold away.
        int k = TShape.Inputs >= 0 ? TShape.Inputs : l.Input.Length, n = TShape.Outputs >= 0 ? TShape.Outputs : l.Output.Length;
        int groups = (k + 3) / 4, blocks = (n + 7) / 8, full = k / 4;
        ref byte x = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l.Input));
        ref byte w = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l.Weights));
        ref int bias = ref MemoryMarshal.GetReference(l.Bias);
        nuint stride = (nuint)(32 * groups);
        var tail = Vector256.Create(full < groups ? GroupBytes(l.Input, full) : 0).AsByte();
        int b = 0;
        for (; b + 8 <= blocks; b += 8)
        {
            ref int bb = ref Unsafe.Add(ref bias, BiasIntsPerBlock * b);
            Vector256<int> a0 = Vector256.LoadUnsafe(ref bb), a1 = Vector256.LoadUnsafe(ref bb, 16), a2 = Vector256.LoadUnsafe(ref bb, 32), a3 = Vector256.LoadUnsafe(ref bb, 48),
                a4 = Vector256.LoadUnsafe(ref bb, 64), a5 = Vector256.LoadUnsafe(ref bb, 80), a6 = Vector256.LoadUnsafe(ref bb, 96), a7 = Vector256.LoadUnsafe(ref bb, 112);
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * stride);
            for (int g = 0; g < groups; g++, p = ref Unsafe.Add(ref p, 32))
            {
                var xg = g < full ? Broadcast(ref x, g) : tail;
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, xg, Vector256.LoadUnsafe(ref p).AsSByte());
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, xg, Vector256.LoadUnsafe(ref p, stride).AsSByte());
                a2 = AvxVnni.MultiplyWideningAndAdd(a2, xg, Vector256.LoadUnsafe(ref p, 2 * stride).AsSByte());
                a3 = AvxVnni.MultiplyWideningAndAdd(a3, xg, Vector256.LoadUnsafe(ref p, 3 * stride).AsSByte());
                a4 = AvxVnni.MultiplyWideningAndAdd(a4, xg, Vector256.LoadUnsafe(ref p, 4 * stride).AsSByte());
                a5 = AvxVnni.MultiplyWideningAndAdd(a5, xg, Vector256.LoadUnsafe(ref p, 5 * stride).AsSByte());
                a6 = AvxVnni.MultiplyWideningAndAdd(a6, xg, Vector256.LoadUnsafe(ref p, 6 * stride).AsSByte());
                a7 = AvxVnni.MultiplyWideningAndAdd(a7, xg, Vector256.LoadUnsafe(ref p, 7 * stride).AsSByte());
            }
            StorePair(ref l, b, a0, a1, n);
            StorePair(ref l, b + 2, a2, a3, n);
            StorePair(ref l, b + 4, a4, a5, n);
            StorePair(ref l, b + 6, a6, a7, n);
        }
        for (; b + 2 <= blocks; b += 2)
        {
            ref int bb = ref Unsafe.Add(ref bias, BiasIntsPerBlock * b);
            Vector256<int> a0 = Vector256.LoadUnsafe(ref bb), a1 = Vector256.LoadUnsafe(ref bb, 16);
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * stride);
            for (int g = 0; g < groups; g++, p = ref Unsafe.Add(ref p, 32))
            {
                var xg = g < full ? Broadcast(ref x, g) : tail;
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, xg, Vector256.LoadUnsafe(ref p).AsSByte());
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, xg, Vector256.LoadUnsafe(ref p, stride).AsSByte());
            }
            StorePair(ref l, b, a0, a1, n);
        }
        for (; b < blocks; b++)
        {
            // Two chains over alternate groups keep a lone block from waiting on one accumulator's latency.
            Vector256<int> even = Vector256.LoadUnsafe(ref Unsafe.Add(ref bias, BiasIntsPerBlock * b)), odd = default;
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * stride);
            int g = 0;
            for (; g + 2 <= full; g += 2)
            {
                even = AvxVnni.MultiplyWideningAndAdd(even, Broadcast(ref x, g), Vector256.LoadUnsafe(ref p, (nuint)(32 * g)).AsSByte());
                odd = AvxVnni.MultiplyWideningAndAdd(odd, Broadcast(ref x, g + 1), Vector256.LoadUnsafe(ref p, (nuint)(32 * g + 32)).AsSByte());
            }
            for (; g < groups; g++)
                even = AvxVnni.MultiplyWideningAndAdd(even, g < full ? Broadcast(ref x, g) : tail, Vector256.LoadUnsafe(ref p, (nuint)(32 * g)).AsSByte());
            Store(ref l, b, even + odd, n);
        }
    }

    /// <summary>
    /// Whether <see cref="Int8PackedFrames{TShape}"/> can run on <paramref name="path"/>: AVX-VNNI or SDOT present and
    /// chosen, and the quantizer's mantissas (none negative).
    /// </summary>
    internal static bool CanRunFrames(DotPath path, ReadOnlySpan<int> requantization, int outputs) =>
        ((path == DotPath.Vnni && AvxVnni.IsSupported) || (path == DotPath.Sdot && Dp.IsSupported)) && !HasNegativeMantissa(requantization, Blocks(outputs));

    /// <summary>
    /// Four input vectors of <paramref name="k"/> values, <paramref name="stride"/> bytes apart (a multiple of 4 with room
    /// for whole groups; the bytes past k meet zero weights), through the same packed layer on AVX-VNNI: the receptive
    /// fields of four convolution frames. Each 32-byte weight load feeds four <c>vpdpbusd</c> chains, one per frame, so a
    /// convolution's weights are read once per four frames and a layer of one or two blocks still keeps eight chains
    /// in flight. <paramref name="outputs"/> holds four runs of <paramref name="n"/> codes. The integers are the
    /// single-vector kernel's. <paramref name="path"/> is <see cref="DotPath.Vnni"/> or <see cref="DotPath.Sdot"/>
    /// (<see cref="CanRunFrames"/>), the latter in Dense.Packed.Arm.cs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Int8PackedFrames<TShape>(ReadOnlySpan<sbyte> inputs, int stride, int k, ReadOnlySpan<sbyte> packedWeights, ReadOnlySpan<int> packedBias,
        ReadOnlySpan<int> requantization, int outZeroPoint, int min, int max, Span<sbyte> outputs, int n, DotPath path, bool avx512)
        where TShape : struct, IDenseShape
    {
        if (TShape.Inputs >= 0) k = TShape.Inputs;
        if (TShape.Outputs >= 0) n = TShape.Outputs;
        int groups = (k + 3) / 4, blocks = (n + 7) / 8;
        if (stride < 4 * groups || stride % 4 != 0 || inputs.Length < 4 * stride || outputs.Length < 4 * n)
            throw new ArgumentException($"Dense: four inputs of {k} values need a stride of at least {4 * groups} bytes and {4 * n} outputs.");
        if (packedWeights.Length != PackedDenseLayout.PackedLength(n, k) || packedBias.Length < BiasIntsPerBlock * blocks || requantization.Length < RequantizationIntsPerBlock * blocks)
            throw new ArgumentException($"Dense: the packed operands do not fit {n} outputs × {k} inputs.");
        bool wide = avx512 && Avx512F.VL.IsSupported;
        var l0 = new Layer(inputs.Slice(0, k), packedWeights, packedBias, requantization, outZeroPoint, min, max, outputs.Slice(0, n), wide);
        var l1 = new Layer(inputs.Slice(stride, k), packedWeights, packedBias, requantization, outZeroPoint, min, max, outputs.Slice(n, n), wide);
        var l2 = new Layer(inputs.Slice(2 * stride, k), packedWeights, packedBias, requantization, outZeroPoint, min, max, outputs.Slice(2 * n, n), wide);
        var l3 = new Layer(inputs.Slice(3 * stride, k), packedWeights, packedBias, requantization, outZeroPoint, min, max, outputs.Slice(3 * n, n), wide);
        if (path == DotPath.Sdot)
        {
            FramesSdot(ref l0, ref l1, ref l2, ref l3, groups, blocks, n);
            return;
        }
        ref byte x0 = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(inputs));
        ref byte x1 = ref Unsafe.Add(ref x0, stride);
        ref byte x2 = ref Unsafe.Add(ref x0, 2 * stride);
        ref byte x3 = ref Unsafe.Add(ref x0, 3 * stride);
        ref byte w = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(packedWeights));
        ref int bias = ref MemoryMarshal.GetReference(packedBias);
        nuint blockStride = (nuint)(32 * groups);
        int b = 0;
        for (; b + 2 <= blocks; b += 2)
        {
            var bias0 = Vector256.LoadUnsafe(ref bias, (nuint)(BiasIntsPerBlock * b));
            var bias1 = Vector256.LoadUnsafe(ref bias, (nuint)(BiasIntsPerBlock * (b + 1)));
            Vector256<int> a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1, a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1;
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * blockStride);
            for (int g = 0; g < groups; g++, p = ref Unsafe.Add(ref p, 32))
            {
                var w0 = Vector256.LoadUnsafe(ref p).AsSByte();
                var w1 = Vector256.LoadUnsafe(ref p, blockStride).AsSByte();
                var v = Broadcast(ref x0, g);
                a00 = AvxVnni.MultiplyWideningAndAdd(a00, v, w0);
                a01 = AvxVnni.MultiplyWideningAndAdd(a01, v, w1);
                v = Broadcast(ref x1, g);
                a10 = AvxVnni.MultiplyWideningAndAdd(a10, v, w0);
                a11 = AvxVnni.MultiplyWideningAndAdd(a11, v, w1);
                v = Broadcast(ref x2, g);
                a20 = AvxVnni.MultiplyWideningAndAdd(a20, v, w0);
                a21 = AvxVnni.MultiplyWideningAndAdd(a21, v, w1);
                v = Broadcast(ref x3, g);
                a30 = AvxVnni.MultiplyWideningAndAdd(a30, v, w0);
                a31 = AvxVnni.MultiplyWideningAndAdd(a31, v, w1);
            }
            StorePair(ref l0, b, a00, a01, n);
            StorePair(ref l1, b, a10, a11, n);
            StorePair(ref l2, b, a20, a21, n);
            StorePair(ref l3, b, a30, a31, n);
        }
        if (b < blocks)
        {
            var bias0 = Vector256.LoadUnsafe(ref bias, (nuint)(BiasIntsPerBlock * b));
            Vector256<int> a0 = bias0, a1 = bias0, a2 = bias0, a3 = bias0;
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * blockStride);
            for (int g = 0; g < groups; g++, p = ref Unsafe.Add(ref p, 32))
            {
                var w0 = Vector256.LoadUnsafe(ref p).AsSByte();
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, Broadcast(ref x0, g), w0);
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, Broadcast(ref x1, g), w0);
                a2 = AvxVnni.MultiplyWideningAndAdd(a2, Broadcast(ref x2, g), w0);
                a3 = AvxVnni.MultiplyWideningAndAdd(a3, Broadcast(ref x3, g), w0);
            }
            Store(ref l0, b, a0, n);
            Store(ref l1, b, a1, n);
            Store(ref l2, b, a2, n);
            Store(ref l3, b, a3, n);
        }
    }

    /// <summary>
    /// Without AVX-VNNI: each 16-byte half of a packed group (4 outputs × 4 inputs) is widened to int16 and multiplied
    /// with the four inputs by <c>vpmaddwd</c>, which leaves two half-sums per output; one horizontal add per block
    /// joins them. Four blocks share each group's widened, broadcast inputs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DenseAvx2(ref Layer l)
    {
        int groups = l.Groups, blocks = l.Blocks, full = l.Input.Length / 4, n = l.Output.Length;
        ref byte x = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l.Input));
        ref byte w = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l.Weights));
        nuint stride = (nuint)(32 * groups);
        int tail = full < groups ? GroupBytes(l.Input, full) : 0;
        int b = 0;
        for (; b + 4 <= blocks; b += 4)
        {
            // Outputs 0–3 (low) and 4–7 (high) of each of the four blocks, two half-sums each.
            Vector256<int> low0 = default, high0 = default, low1 = default, high1 = default, low2 = default, high2 = default, low3 = default, high3 = default;
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * stride);
            for (int g = 0; g < groups; g++, p = ref Unsafe.Add(ref p, 32))
            {
                var x16 = Inputs16(g < full ? Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x, 4 * g)) ^ unchecked((int)0x80808080) : tail);
                low0 += Avx2.MultiplyAddAdjacent(Widen(ref p, 0), x16);
                high0 += Avx2.MultiplyAddAdjacent(Widen(ref p, 16), x16);
                low1 += Avx2.MultiplyAddAdjacent(Widen(ref p, stride), x16);
                high1 += Avx2.MultiplyAddAdjacent(Widen(ref p, stride + 16), x16);
                low2 += Avx2.MultiplyAddAdjacent(Widen(ref p, 2 * stride), x16);
                high2 += Avx2.MultiplyAddAdjacent(Widen(ref p, 2 * stride + 16), x16);
                low3 += Avx2.MultiplyAddAdjacent(Widen(ref p, 3 * stride), x16);
                high3 += Avx2.MultiplyAddAdjacent(Widen(ref p, 3 * stride + 16), x16);
            }
            StorePair(ref l, b, Join(ref l, b, low0, high0), Join(ref l, b + 1, low1, high1), n);
            StorePair(ref l, b + 2, Join(ref l, b + 2, low2, high2), Join(ref l, b + 3, low3, high3), n);
        }
        for (; b < blocks; b++)
        {
            Vector256<int> low = default, high = default;
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * stride);
            for (int g = 0; g < groups; g++, p = ref Unsafe.Add(ref p, 32))
            {
                var x16 = Inputs16(g < full ? Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x, 4 * g)) ^ unchecked((int)0x80808080) : tail);
                low += Avx2.MultiplyAddAdjacent(Widen(ref p, 0), x16);
                high += Avx2.MultiplyAddAdjacent(Widen(ref p, 16), x16);
            }
            Store(ref l, b, Join(ref l, b, low, high), n);
        }
    }

    /// <summary>Four inputs (x + 128, as bytes of an int) as int16, repeated across a register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Inputs16(int bytes) =>
        Avx2.BroadcastScalarToVector256(Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(bytes).AsByte()).AsInt64()).AsInt16();

    /// <summary>Sixteen packed weights (4 outputs × 4 inputs) at <paramref name="offset"/>, sign-extended to int16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Widen(ref byte p, nuint offset) => Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref p, offset).AsSByte());

    /// <summary>A block's two half-sum registers as its eight sums plus bias: hadd gives [o0 o1 o4 o5 | o2 o3 o6 o7], the permute orders them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Join(ref Layer l, int b, Vector256<int> low, Vector256<int> high) =>
        Avx2.Permute4x64(Avx2.HorizontalAdd(low, high).AsInt64(), 0b11_01_10_00).AsInt32()
        + Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(l.Bias), (nuint)(BiasIntsPerBlock * b));

    /// <summary>Requantizes block <paramref name="b"/>'s eight accumulators (bias included) and writes its outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref Layer l, int b, Vector256<int> acc, int n)
    {
        var q = Requantize(ref l, b, acc);
        // Within [−128, 127] after the clamp, so narrowing is exact.
        long bytes = Avx512F.VL.IsSupported
            ? Avx512F.VL.ConvertToVector128SByte(q).AsInt64().ToScalar()
            : Vector256.Narrow(Vector256.Narrow(q, q), Vector256<short>.Zero).AsInt64().ToScalar();
        int c = 8 * b;
        if (c + 8 <= n) Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref l.Output[c]), bytes);
        else for (int i = c; i < n; i++, bytes >>= 8) l.Output[i] = (sbyte)bytes;
    }

    /// <summary>Blocks <paramref name="b"/> and b + 1 at once: sixteen outputs narrowed and stored by one instruction each where AVX-512 is there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(ref Layer l, int b, Vector256<int> acc0, Vector256<int> acc1, int n)
    {
        if (!l.Avx512 || !Avx512F.IsSupported || 8 * b + 16 > n)
        {
            Store(ref l, b, acc0, n);
            Store(ref l, b + 1, acc1, n);
            return;
        }
        var q = Vector512.Create(Requantize(ref l, b, acc0), Requantize(ref l, b + 1, acc1));
        Avx512F.ConvertToVector128SByte(q).StoreUnsafe(ref l.Output[8 * b]);
    }

    /// <summary>
    /// Eight accumulators to clamped output codes (still int32): the left shift, then with AVX-512
    /// d = a·m + 2^30 and (d + 2^(r+30) − (d &lt; 0 ? 2^31 : 0)) &gt;&gt; (31 + r) — TensorFlow Lite's two roundings at
    /// once — or, on AVX2 alone, its fixed-point multiply emulated in 32-bit halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Requantize(ref Layer l, int b, Vector256<int> acc)
    {
        ref int ints = ref Unsafe.Add(ref MemoryMarshal.GetReference(l.Requantization), RequantizationIntsPerBlock * b);
        ref byte rows = ref Unsafe.As<int, byte>(ref Unsafe.Add(ref ints, 8));
        var mantissa = Vector256.LoadUnsafe(ref ints);
        var left = Avx2.ConvertToVector256Int32(Row(ref rows, 0));
        Vector256<int> h;
        if (Avx512F.VL.IsSupported && l.Avx512)
        {
            var total = Avx512F.ConvertToVector512Int64(Row(ref rows, 8)).AsUInt64();
            var rounding = Avx512F.ShiftLeftLogicalVariable(Vector512<long>.One, Avx512F.ConvertToVector512Int64(Row(ref rows, 16)).AsUInt64());
            var half = Avx512F.ShiftRightLogicalVariable(rounding, total - Vector512.Create(32UL)); // 2^31 when r > 0; r = 0 gives a count past 63, so 0
            var a = Avx2.ShiftLeftLogicalVariable(acc, left.AsUInt32());
            var d = Avx512F.Multiply(Avx512F.ConvertToVector512Int64(a).AsInt32(), Avx512F.ConvertToVector512Int64(mantissa).AsInt32()) + Vector512.Create(1L << 30);
            var t = d + rounding - (Avx512F.ShiftRightArithmetic(d, 63) & half);
            h = Avx512F.ConvertToVector256Int32(Avx512F.ShiftRightArithmeticVariable(t, total));
        }
        else
        {
            // No 64-bit arithmetic shifts: recover the signed shift (left − (total − 31)) for the emulation.
            var shift = left - (Avx2.ConvertToVector256Int32(Row(ref rows, 8)) - Vector256.Create(31));
            h = VectorFixedPoint.MultiplyByQuantizedMultiplierAvx2(acc, mantissa, shift);
        }
        var q = Vector256.Max(Vector256.Create(l.ZeroPoint) + h, Vector256.Create(l.Min));
        return l.Max >= 127 ? Vector256.Min(q, Vector256.Create(127)) : Vector256.Min(q, Vector256.Create(l.Max));
    }

    /// <summary>The eight bytes at <paramref name="offset"/> of a block's byte rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Row(ref byte rows, int offset) =>
        Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref rows, offset))).AsByte();

    /// <summary>One output's requantization from the packed constants: the contract's one-step formula.</summary>
    internal static int Requantize(int acc, ReadOnlySpan<int> requantization, int c)
    {
        int block = c / 8, lane = c % 8;
        var rows = MemoryMarshal.AsBytes(requantization.Slice(RequantizationIntsPerBlock * block + 8, 6));
        return PackedDenseLayout.Requantize(acc, requantization[RequantizationIntsPerBlock * block + lane], rows[lane], rows[8 + lane]);
    }

    private static void DenseScalar(ref Layer l)
    {
        int k = l.Input.Length;
        for (int c = 0; c < l.Output.Length; c++)
        {
            int b = c / 8, lane = c % 8, acc = l.Bias[BiasIntsPerBlock * b + lane];
            for (int j = 0; j < k; j++)
                acc += (l.Input[j] + 128) * l.Weights[PackedDenseLayout.Index(c, j, k)];
            int mantissa = l.Requantization[RequantizationIntsPerBlock * b + lane];
            int q = l.ZeroPoint;
            if (mantissa >= 0) q += Requantize(acc, l.Requantization, c);
            else
            {
                // A hand-made negative mantissa: TensorFlow Lite's definition handles it (the one-step formula does not saturate).
                var rows = MemoryMarshal.AsBytes(l.Requantization.Slice(RequantizationIntsPerBlock * b + 8, 6));
                q += FixedPoint.MultiplyByQuantizedMultiplier(acc, mantissa, PackedDenseLayout.Shift(rows[lane], rows[8 + lane]));
            }
            l.Output[c] = (sbyte)(q < l.Min ? l.Min : q > l.Max ? l.Max : q);
        }
    }
}
