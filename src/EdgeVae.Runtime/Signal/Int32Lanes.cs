using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeVae.Runtime.Signal;

/// <summary>
/// int32 lanes of one vector width, so that a front-end kernel is written once and compiled for each width: the JIT
/// specialises a generic method for every struct type argument, so the abstraction costs nothing. Only the operations
/// the kernels need, each the plain lane-wise integer operation (wrapping, as C#'s int arithmetic without checked).
/// </summary>
internal interface IInt32Lanes<TSelf> where TSelf : struct, IInt32Lanes<TSelf>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this width runs on vector hardware here (otherwise the kernels take their scalar path).</summary>
    static abstract bool IsAccelerated { get; }

    static abstract TSelf Load(ref int source, int index);

    static abstract void Store(TSelf value, ref int destination, int index);

    static abstract TSelf Create(int value);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    /// <summary>The low 32 bits of the product.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);

    /// <summary>Arithmetic shift right.</summary>
    static abstract TSelf operator >>(TSelf a, int count);

    static abstract TSelf operator &(TSelf a, TSelf b);

    static abstract TSelf Abs(TSelf a);

    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>The largest lane.</summary>
    static abstract int MaxAcross(TSelf a);

    /// <summary>The lanes in reverse order.</summary>
    static abstract TSelf Reverse(TSelf a);

    /// <summary>The even lanes of a then b, and the odd lanes of a then b (a de-interleave of 2·Count values).</summary>
    static abstract void Unzip(TSelf a, TSelf b, out TSelf even, out TSelf odd);
}

/// <summary>Four int32 lanes: NEON on Arm64, SSE on x64.</summary>
internal readonly struct Lanes128(Vector128<int> v) : IInt32Lanes<Lanes128>
{
    private readonly Vector128<int> _v = v;

    public static int Count => Vector128<int>.Count;

    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Load(ref int source, int index) => new(Vector128.LoadUnsafe(ref source, (nuint)index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes128 value, ref int destination, int index) => value._v.StoreUnsafe(ref destination, (nuint)index);

    public static Lanes128 Create(int value) => new(Vector128.Create(value));

    public static Lanes128 operator +(Lanes128 a, Lanes128 b) => new(a._v + b._v);

    public static Lanes128 operator -(Lanes128 a, Lanes128 b) => new(a._v - b._v);

    public static Lanes128 operator *(Lanes128 a, Lanes128 b) => new(a._v * b._v);

    public static Lanes128 operator >>(Lanes128 a, int count) => new(Vector128.ShiftRightArithmetic(a._v, count));

    public static Lanes128 operator &(Lanes128 a, Lanes128 b) => new(a._v & b._v);

    public static Lanes128 Abs(Lanes128 a) => new(Vector128.Abs(a._v));

    public static Lanes128 Max(Lanes128 a, Lanes128 b) => new(Vector128.Max(a._v, b._v));

    public static int MaxAcross(Lanes128 a)
    {
        var m = Vector128.Max(a._v, Vector128.Shuffle(a._v, Vector128.Create(2, 3, 0, 1)));
        return Math.Max(m.GetElement(0), m.GetElement(1));
    }

    public static Lanes128 Reverse(Lanes128 a) => new(Vector128.Shuffle(a._v, Vector128.Create(3, 2, 1, 0)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unzip(Lanes128 a, Lanes128 b, out Lanes128 even, out Lanes128 odd)
    {
        var order = Vector128.Create(0, 2, 1, 3);
        var x = Vector128.Shuffle(a._v, order).AsInt64();
        var y = Vector128.Shuffle(b._v, order).AsInt64();
        even = new(Vector128.Create(x.GetElement(0), y.GetElement(0)).AsInt32());
        odd = new(Vector128.Create(x.GetElement(1), y.GetElement(1)).AsInt32());
    }
}

/// <summary>Eight int32 lanes: AVX2 on x64.</summary>
internal readonly struct Lanes256(Vector256<int> v) : IInt32Lanes<Lanes256>
{
    private readonly Vector256<int> _v = v;

    public static int Count => Vector256<int>.Count;

    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ref int source, int index) => new(Vector256.LoadUnsafe(ref source, (nuint)index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256 value, ref int destination, int index) => value._v.StoreUnsafe(ref destination, (nuint)index);

    public static Lanes256 Create(int value) => new(Vector256.Create(value));

    public static Lanes256 operator +(Lanes256 a, Lanes256 b) => new(a._v + b._v);

    public static Lanes256 operator -(Lanes256 a, Lanes256 b) => new(a._v - b._v);

    public static Lanes256 operator *(Lanes256 a, Lanes256 b) => new(a._v * b._v);

    public static Lanes256 operator >>(Lanes256 a, int count) => new(Vector256.ShiftRightArithmetic(a._v, count));

    public static Lanes256 operator &(Lanes256 a, Lanes256 b) => new(a._v & b._v);

    public static Lanes256 Abs(Lanes256 a) => new(Vector256.Abs(a._v));

    public static Lanes256 Max(Lanes256 a, Lanes256 b) => new(Vector256.Max(a._v, b._v));

    public static int MaxAcross(Lanes256 a) => Lanes128.MaxAcross(new(Vector128.Max(a._v.GetLower(), a._v.GetUpper())));

    public static Lanes256 Reverse(Lanes256 a) => new(Vector256.Shuffle(a._v, Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unzip(Lanes256 a, Lanes256 b, out Lanes256 even, out Lanes256 odd)
    {
        var order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        var x = Vector256.Shuffle(a._v, order);
        var y = Vector256.Shuffle(b._v, order);
        even = new(Vector256.Create(x.GetLower(), y.GetLower()));
        odd = new(Vector256.Create(x.GetUpper(), y.GetUpper()));
    }
}
