using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeVae.Runtime.Scoring;

/// <summary>
/// Eight int8 output codes dequantized to floats, scale·(code − zero point), for the scores' vector paths: one AVX
/// register, or (NEON) two registers of four holding codes 0–3 and 4–7, so each lane keeps the contract's partial sum.
/// </summary>
internal static class CodeVectors
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Dequantize(ref sbyte codes, int i, Vector256<float> scale, Vector256<int> zeroPoint)
    {
        var c = Vector256.WidenLower(Vector256.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref codes, i)))).AsSByte().ToVector256Unsafe()));
        return scale * Vector256.ConvertToSingle(c - zeroPoint);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector128<float> Low, Vector128<float> High) Dequantize(ref sbyte codes, int i, Vector128<float> scale, Vector128<int> zeroPoint)
    {
        var c = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref codes, i)))).AsSByte());
        return (scale * Vector128.ConvertToSingle(Vector128.WidenLower(c) - zeroPoint), scale * Vector128.ConvertToSingle(Vector128.WidenUpper(c) - zeroPoint));
    }
}
