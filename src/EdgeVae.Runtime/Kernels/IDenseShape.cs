namespace EdgeVae.Runtime.Kernels;

/// <summary>
/// A dense layer's shape as compile-time constants. Generated code declares one struct per layer and calls
/// <c>Dense.Int8Packed&lt;TShape&gt;</c>, so the kernel is compiled once per shape with its loop counts known
/// (generic code over a struct is specialised by the JIT and by NativeAOT alike).
/// </summary>
public interface IDenseShape
{
    static abstract int Inputs { get; }

    static abstract int Outputs { get; }
}
