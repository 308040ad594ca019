using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeVae.Runtime.Float;

/// <summary>The nonlinearities a float32 model uses (names as in the model file).</summary>
public enum FloatActivation
{
    Identity,
    Relu,
    LeakyRelu,
    Sigmoid,
    Tanh,
    Softplus,
}

/// <summary>float32 inference kernels for models compiled without quantization: y = act(W·x + b), span in, span out.</summary>
public static class FloatKernels
{
    /// <summary>output[c] = bias[c] + Σ_j input[j]·weights[c·k + j].</summary>
    public static void Dense(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        int k = input.Length, n = output.Length;
        if (weights.Length != n * k || bias.Length < n) throw new ArgumentException("Dense: weights must be [outputs × inputs] and bias one per output.");
        for (int c = 0; c < n; c++) output[c] = bias[c] + TensorPrimitives.Dot(input, weights.Slice(c * k, k));
    }

    /// <summary>normalized[i] = (input[i] − offset[i])·scale[i]: the model's input normalisation (elementwise IEEE, so exact on every path).</summary>
    public static void Normalize(ReadOnlySpan<float> input, ReadOnlySpan<float> offset, ReadOnlySpan<float> scale, Span<float> normalized)
    {
        if (offset.Length != input.Length || scale.Length != input.Length || normalized.Length < input.Length)
            throw new ArgumentException($"Normalize: offset, scale and output must hold {input.Length} values, one per feature.");
        int n = input.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float x = ref MemoryMarshal.GetReference(input);
            ref float o = ref MemoryMarshal.GetReference(offset);
            ref float s = ref MemoryMarshal.GetReference(scale);
            ref float y = ref MemoryMarshal.GetReference(normalized);
            for (; i + 8 <= n; i += 8)
                ((Vector256.LoadUnsafe(ref x, (nuint)i) - Vector256.LoadUnsafe(ref o, (nuint)i)) * Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        for (; i < n; i++) normalized[i] = (input[i] - offset[i]) * scale[i];
    }

    public static void Activate(FloatActivation activation, Span<float> values)
    {
        switch (activation)
        {
            case FloatActivation.Relu: TensorPrimitives.Max(values, 0f, values); break;
            case FloatActivation.LeakyRelu:
                for (int i = 0; i < values.Length; i++) if (values[i] < 0) values[i] *= 0.01f;
                break;
            case FloatActivation.Sigmoid: TensorPrimitives.Sigmoid(values, values); break;
            case FloatActivation.Tanh: TensorPrimitives.Tanh(values, values); break;
            case FloatActivation.Softplus:
                for (int i = 0; i < values.Length; i++)
                {
                    float x = values[i];
                    values[i] = MathF.Max(x, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(x)));
                }
                break;
        }
    }
}
