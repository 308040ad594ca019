using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

using EdgeVae.Contract;

namespace EdgeVae.Runtime.Kernels;

/// <summary>
/// The packed int8 dense layer on Arm64 (AdvSimd), on the same packed weights as the x86 paths. Each 32-byte group of
/// a block is two 16-byte halves, outputs 0–3 and 4–7, four inputs each. Arm multiplies signed by signed bytes, so the
/// inputs stay as they are and the sums start from the plain bias (the second form in the packed bias).
/// <list type="bullet">
/// <item><b>SDOT</b> (<see cref="Dp"/>, Armv8.2: Cortex-A55, A76, Raspberry Pi 5): one <c>sdot</c> per half adds 16
/// products into four per-output sums: per 32 MACs, two 16-byte loads and two <c>sdot</c>.</item>
/// <item><b>Widening</b> (every Armv8 core: Cortex-A53, A72, Raspberry Pi 3 and 4): <c>smull</c>/<c>smull2</c> make
/// eight int16 products each (|w·x| ≤ 2^14 fits), <c>sadalp</c> adds their pairs into int32 lanes, two per output, and
/// one <c>addp</c> per four outputs joins them at the end: per 32 MACs, two loads, four multiplies and four pairwise adds.</item>
/// </list>
/// Requantization is TensorFlow Lite's NEON form: <c>sqrdmulh</c> (exactly its saturating rounding doubling high
/// multiply) and a rounding right shift fixed up to round ties away from zero.
/// </summary>
public static partial class Dense
{
    private const int SignedBias = PackedDenseLayout.SignedBiasOffset;

    /// <summary>Group <paramref name="g"/>'s four signed inputs as one int, the last partial group read byte by byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SignedGroupBytes(ReadOnlySpan<sbyte> x, int g) => GroupBytes(x, g) ^ unchecked((int)0x80808080);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> BroadcastSigned(ref byte x, int g) => Vector128.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x, 4 * g))).AsSByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> Half(ref byte p, nuint offset) => Vector128.LoadUnsafe(ref p, offset).AsSByte();

    /// <summary>
    /// SDOT: four blocks (32 outputs, eight accumulators) share each broadcast group; then two, then one block with
    /// its groups split over two chains so a lone block does not wait on one accumulator.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DenseSdot<TShape>(ref Layer l) where TShape : struct, IDenseShape
    {
        int k = TShape.Inputs >= 0 ? TShape.Inputs : l.Input.Length, n = TShape.Outputs >= 0 ? TShape.Outputs : l.Output.Length;
        int groups = (k + 3) / 4, blocks = (n + 7) / 8, full = k / 4;
        ref byte x = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l.Input));
        ref byte w = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l.Weights));
        ref int bias = ref Unsafe.Add(ref MemoryMarshal.GetReference(l.Bias), SignedBias);
        nuint stride = (nuint)(32 * groups);
        var tail = Vector128.Create(full < groups ? SignedGroupBytes(l.Input, full) : 0).AsSByte();
        int b = 0;
        for (; b + 4 <= blocks; b += 4)
        {
            ref int bb = ref Unsafe.Add(ref bias, BiasIntsPerBlock * b);
            Vector128<int> a0 = Vector128.LoadUnsafe(ref bb), a1 = Vector128.LoadUnsafe(ref bb, 4),
                a2 = Vector128.LoadUnsafe(ref bb, 16), a3 = Vector128.LoadUnsafe(ref bb, 20),
                a4 = Vector128.LoadUnsafe(ref bb, 32), a5 = Vector128.LoadUnsafe(ref bb, 36),
                a6 = Vector128.LoadUnsafe(ref bb, 48), a7 = Vector128.LoadUnsafe(ref bb, 52);
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * stride);
            for (int g = 0; g < groups; g++, p = ref Unsafe.Add(ref p, 32))
            {
                var xg = g < full ? BroadcastSigned(ref x, g) : tail;
                a0 = Dp.DotProduct(a0, Half(ref p, 0), xg);
                a1 = Dp.DotProduct(a1, Half(ref p, 16), xg);
                a2 = Dp.DotProduct(a2, Half(ref p, stride), xg);
                a3 = Dp.DotProduct(a3, Half(ref p, stride + 16), xg);
                a4 = Dp.DotProduct(a4, Half(ref p, 2 * stride), xg);
                a5 = Dp.DotProduct(a5, Half(ref p, 2 * stride + 16), xg);
                a6 = Dp.DotProduct(a6, Half(ref p, 3 * stride), xg);
                a7 = Dp.DotProduct(a7, Half(ref p, 3 * stride + 16), xg);
            }
            StoreNeon(ref l, b, a0, a1, n);
            StoreNeon(ref l, b + 1, a2, a3, n);
            StoreNeon(ref l, b + 2, a4, a5, n);
            StoreNeon(ref l, b + 3, a6, a7, n);
        }
        for (; b < blocks; b++)
        {
            ref int bb = ref Unsafe.Add(ref bias, BiasIntsPerBlock * b);
            Vector128<int> lo = Vector128.LoadUnsafe(ref bb), hi = Vector128.LoadUnsafe(ref bb, 4), lo2 = default, hi2 = default;
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * stride);
            int g = 0;
            for (; g + 2 <= full; g += 2)
            {
                var x0 = BroadcastSigned(ref x, g);
                var x1 = BroadcastSigned(ref x, g + 1);
                nuint at = (nuint)(32 * g);
                lo = Dp.DotProduct(lo, Half(ref p, at), x0);
                hi = Dp.DotProduct(hi, Half(ref p, at + 16), x0);
                lo2 = Dp.DotProduct(lo2, Half(ref p, at + 32), x1);
                hi2 = Dp.DotProduct(hi2, Half(ref p, at + 48), x1);
            }
            for (; g < groups; g++)
            {
                var xg = g < full ? BroadcastSigned(ref x, g) : tail;
                lo = Dp.DotProduct(lo, Half(ref p, (nuint)(32 * g)), xg);
                hi = Dp.DotProduct(hi, Half(ref p, (nuint)(32 * g + 16)), xg);
            }
            StoreNeon(ref l, b, lo + lo2, hi + hi2, n);
        }
    }

    /// <summary>
    /// Four frames through one block at a time on SDOT: each group's two 16-byte halves are loaded once and feed eight
    /// <c>sdot</c> chains, two per frame (half a load per 32 MACs, against two for one frame). The frames' inputs start
    /// <c>stride</c> bytes apart and hold whole groups (bytes past k meet zero weights).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FramesSdot(ref Layer l0, ref Layer l1, ref Layer l2, ref Layer l3, int groups, int blocks, int n)
    {
        ref byte x0 = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l0.Input));
        ref byte x1 = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l1.Input));
        ref byte x2 = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l2.Input));
        ref byte x3 = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l3.Input));
        ref byte w = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l0.Weights));
        ref int bias = ref Unsafe.Add(ref MemoryMarshal.GetReference(l0.Bias), SignedBias);
        nuint blockStride = (nuint)(32 * groups);
        for (int b = 0; b < blocks; b++)
        {
            ref int bb = ref Unsafe.Add(ref bias, BiasIntsPerBlock * b);
            Vector128<int> lo = Vector128.LoadUnsafe(ref bb), hi = Vector128.LoadUnsafe(ref bb, 4);
            Vector128<int> a0 = lo, b0 = hi, a1 = lo, b1 = hi, a2 = lo, b2 = hi, a3 = lo, b3 = hi;
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * blockStride);
            for (int g = 0; g < groups; g++, p = ref Unsafe.Add(ref p, 32))
            {
                var w0 = Half(ref p, 0);
                var w1 = Half(ref p, 16);
                var v = BroadcastSigned(ref x0, g);
                a0 = Dp.DotProduct(a0, w0, v);
                b0 = Dp.DotProduct(b0, w1, v);
                v = BroadcastSigned(ref x1, g);
                a1 = Dp.DotProduct(a1, w0, v);
                b1 = Dp.DotProduct(b1, w1, v);
                v = BroadcastSigned(ref x2, g);
                a2 = Dp.DotProduct(a2, w0, v);
                b2 = Dp.DotProduct(b2, w1, v);
                v = BroadcastSigned(ref x3, g);
                a3 = Dp.DotProduct(a3, w0, v);
                b3 = Dp.DotProduct(b3, w1, v);
            }
            StoreNeon(ref l0, b, a0, b0, n);
            StoreNeon(ref l1, b, a1, b1, n);
            StoreNeon(ref l2, b, a2, b2, n);
            StoreNeon(ref l3, b, a3, b3, n);
        }
    }

    /// <summary>
    /// Without SDOT: per half, <c>smull</c> (low eight bytes) or <c>smull2</c> (high eight) multiplies the weights by the
    /// broadcast inputs into int16, and <c>sadalp</c> adds adjacent products into an int32 lane: after the loop lane
    /// pairs (0, 1) and (2, 3) of each accumulator hold two half-sums of one output, joined by <c>addp</c>. Two blocks
    /// (eight accumulators) share each group's inputs; whole groups run first and the partial one after, so the loop
    /// has no select.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DenseNeon(ref Layer l)
    {
        int groups = l.Groups, blocks = l.Blocks, full = l.Input.Length / 4, n = l.Output.Length;
        ref byte x = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l.Input));
        ref byte w = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(l.Weights));
        nuint stride = (nuint)(32 * groups);
        var tail = Vector128.Create(full < groups ? SignedGroupBytes(l.Input, full) : 0).AsSByte();
        int b = 0;
        for (; b + 2 <= blocks; b += 2)
        {
            WideningSums r = default, s = default;
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * stride);
            for (int g = 0; g < full; g++, p = ref Unsafe.Add(ref p, 32))
            {
                var xg = BroadcastSigned(ref x, g);
                r.Add(ref p, 0, xg);
                s.Add(ref p, stride, xg);
            }
            if (full < groups)
            {
                r.Add(ref p, 0, tail);
                s.Add(ref p, stride, tail);
            }
            StoreJoined(ref l, b, ref r, n);
            StoreJoined(ref l, b + 1, ref s, n);
        }
        if (b < blocks)
        {
            WideningSums r = default;
            ref byte p = ref Unsafe.Add(ref w, (nuint)b * stride);
            for (int g = 0; g < full; g++, p = ref Unsafe.Add(ref p, 32)) r.Add(ref p, 0, BroadcastSigned(ref x, g));
            if (full < groups) r.Add(ref p, 0, tail);
            StoreJoined(ref l, b, ref r, n);
        }
    }

    /// <summary>One block's sums on the widening path: outputs (0, 1), (2, 3), (4, 5), (6, 7), two int32 half-sums each.</summary>
    private struct WideningSums
    {
        public Vector128<int> R01, R23, R45, R67;

        /// <summary>Adds the 32 products of the block's group at <paramref name="offset"/> with the broadcast inputs.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(ref byte p, nuint offset, Vector128<sbyte> xg)
        {
            var w0 = Half(ref p, offset);
            var w1 = Half(ref p, offset + 16);
            R01 = AdvSimd.AddPairwiseWideningAndAdd(R01, AdvSimd.MultiplyWideningLower(w0.GetLower(), xg.GetLower()));
            R23 = AdvSimd.AddPairwiseWideningAndAdd(R23, AdvSimd.MultiplyWideningUpper(w0, xg));
            R45 = AdvSimd.AddPairwiseWideningAndAdd(R45, AdvSimd.MultiplyWideningLower(w1.GetLower(), xg.GetLower()));
            R67 = AdvSimd.AddPairwiseWideningAndAdd(R67, AdvSimd.MultiplyWideningUpper(w1, xg));
        }
    }

    /// <summary>A block's pair sums joined into its eight sums (<c>addp</c>), plus the plain bias, requantized and stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreJoined(ref Layer l, int b, ref WideningSums sums, int n)
    {
        ref int bias = ref Unsafe.Add(ref MemoryMarshal.GetReference(l.Bias), BiasIntsPerBlock * b + SignedBias);
        StoreNeon(ref l, b, AdvSimd.Arm64.AddPairwise(sums.R01, sums.R23) + Vector128.LoadUnsafe(ref bias),
            AdvSimd.Arm64.AddPairwise(sums.R45, sums.R67) + Vector128.LoadUnsafe(ref bias, 4), n);
    }

    /// <summary>Requantizes block <paramref name="b"/>'s sums (outputs 0–3 in <paramref name="lo"/>, 4–7 in <paramref name="hi"/>, bias included) and writes its outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreNeon(ref Layer l, int b, Vector128<int> lo, Vector128<int> hi, int n)
    {
        ref int ints = ref Unsafe.Add(ref MemoryMarshal.GetReference(l.Requantization), RequantizationIntsPerBlock * b);
        ref byte rows = ref Unsafe.As<int, byte>(ref Unsafe.Add(ref ints, 8));
        var zp = Vector128.Create(l.ZeroPoint);
        var min = Vector128.Create(l.Min);
        var max = Vector128.Create(l.Max);
        var q0 = Vector128.Min(Vector128.Max(zp + RequantizeNeon(lo, Vector128.LoadUnsafe(ref ints), ref rows, 0), min), max);
        var q1 = Vector128.Min(Vector128.Max(zp + RequantizeNeon(hi, Vector128.LoadUnsafe(ref ints, 4), ref rows, 4), min), max);
        // Within [−128, 127] after the clamp, so narrowing is exact.
        long bytes = Vector128.Narrow(Vector128.Narrow(q0, q1), Vector128<short>.Zero).AsInt64().ToScalar();
        int c = 8 * b;
        if (c + 8 <= n) Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref l.Output[c]), bytes);
        else for (int i = c; i < n; i++, bytes >>= 8) l.Output[i] = (sbyte)bytes;
    }

    /// <summary>
    /// Four lanes of <see cref="FixedPoint.MultiplyByQuantizedMultiplier(int, int, int)"/> from the packed shifts of
    /// lanes <paramref name="lane"/> … + 3: the left shift, <c>sqrdmulh</c>, then the rounding right shift by r.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> RequantizeNeon(Vector128<int> acc, Vector128<int> mantissa, ref byte rows, int lane)
    {
        var left = Widen4(ref rows, lane);
        var right = Widen4(ref rows, 8 + lane) - Vector128.Create(31);
        return VectorFixedPoint.MultiplyByQuantizedMultiplierNeon(acc, mantissa, left, right);
    }

    /// <summary>Four bytes of a block's byte rows as four ints.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Widen4(ref byte rows, int offset) =>
        Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref rows, offset))).AsByte())).AsInt32();
}
