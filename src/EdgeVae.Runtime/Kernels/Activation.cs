using System.Numerics.Tensors;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Kernels;

/// <summary>The nonlinearities of float32 models, elementwise; the output may be the input itself.</summary>
public static class Activation
{
    public static void Float32(ActivationFunction activation, ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < input.Length) throw new ArgumentException("Activation: the output is shorter than the input.", nameof(output));
        output = output[..input.Length];
        switch (activation)
        {
            case ActivationFunction.Relu: TensorPrimitives.Max(input, 0f, output); break;
            case ActivationFunction.LeakyRelu:
                for (int i = 0; i < input.Length; i++) output[i] = input[i] < 0 ? ActivationMath.LeakyReluSlope * input[i] : input[i];
                break;
            case ActivationFunction.Sigmoid: TensorPrimitives.Sigmoid(input, output); break;
            case ActivationFunction.Tanh: TensorPrimitives.Tanh(input, output); break;
            case ActivationFunction.Softplus:
                for (int i = 0; i < input.Length; i++)
                {
                    float x = input[i];
                    output[i] = MathF.Max(x, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(x)));
                }
                break;
            default: input.CopyTo(output); break;
        }
    }
}
