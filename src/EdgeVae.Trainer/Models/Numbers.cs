using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeVae.Trainer.Models;

/// <summary>Conversions between the float data and the training precision T.</summary>
internal static class Numbers
{
    public static void FromFloat<T>(ReadOnlySpan<float> source, Span<T> destination) where T : INumberBase<T>
    {
        if (typeof(T) == typeof(float))
        {
            source.CopyTo(MemoryMarshal.CreateSpan(ref System.Runtime.CompilerServices.Unsafe.As<T, float>(ref MemoryMarshal.GetReference(destination)), destination.Length));
            return;
        }
        for (int i = 0; i < source.Length; i++) destination[i] = T.CreateChecked(source[i]);
    }

    public static float ToFloat<T>(T value) where T : INumberBase<T> => float.CreateChecked(value);
}
