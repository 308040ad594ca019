using System.Numerics.Tensors;

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
