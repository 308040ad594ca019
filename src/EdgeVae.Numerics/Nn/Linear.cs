using System.Numerics;
using EdgeVae.Numerics.LinearAlgebra;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>
/// y = x·Wᵀ + b (PyTorch's <c>nn.Linear</c>): W is [out, in], x is [batch, in], y is [batch, out].
/// </summary>
public sealed class Linear<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private readonly Tensor<T> _output = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradInput = Tensor<T>.Zeros(0, 0);
    private Tensor<T>? _input;

    /// <summary>A layer with weights drawn by <paramref name="init"/> from <paramref name="random"/>, bias zero (or uniform for <see cref="Init.PyTorchDefault"/>).</summary>
    public Linear(int inFeatures, int outFeatures, Prng random, Init init = Init.HeUniform, string name = "linear")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter<T>($"{name}.weight", Tensor<T>.Zeros(outFeatures, inFeatures));
        Bias = new Parameter<T>($"{name}.bias", Tensor<T>.Zeros(outFeatures));
        Initialize(init, random);
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>
    /// Whether <see cref="Backward"/> computes ∂loss/∂input. The first layer of a network has nobody to pass it to,
    /// and skipping it saves a third of that layer's backward work; its Backward then returns an empty tensor.
    /// </summary>
    public bool ComputeInputGradient { get; set; } = true;

    /// <summary>[out, in].</summary>
    public Parameter<T> Weight { get; }

    /// <summary>[out].</summary>
    public Parameter<T> Bias { get; }

    private void Initialize(Init init, Prng random) => InitFill.Apply(init, random, Weight.Value.Span, Bias.Value.Span, InFeatures, OutFeatures);

    /// <inheritdoc />
    public override Tensor<T> Forward(Tensor<T> input)
    {
        if (input.Cols != InFeatures)
            throw new ArgumentException($"Linear({InFeatures}→{OutFeatures}) got input with {input.Cols} features.", nameof(input));
        _input = input;
        int batch = input.Rows;
        _output.EnsureShape(batch, OutFeatures);
        Span<T> y = _output.Span;
        ReadOnlySpan<T> b = Bias.Value.Span;
        for (int i = 0; i < batch; i++) b.CopyTo(y.Slice(i * OutFeatures, OutFeatures));
        Gemm.Multiply(Transpose.None, Transpose.Transpose, batch, OutFeatures, InFeatures,
            T.One, input.Span, InFeatures, Weight.Value.Span, InFeatures, T.One, y, OutFeatures);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        CheckBackward(_input, gradOutput, OutFeatures, $"Linear({InFeatures}→{OutFeatures})");
        Tensor<T> input = _input!;
        int batch = input.Rows;
        // dW += dYᵀ·X, db += Σ_rows dY, dX = dY·W.
        Gemm.Multiply(Transpose.Transpose, Transpose.None, OutFeatures, InFeatures, batch,
            T.One, gradOutput.Span, OutFeatures, input.Span, InFeatures, T.One, Weight.Grad.Span, InFeatures);
        Span<T> db = Bias.Grad.Span;
        ReadOnlySpan<T> dy = gradOutput.Span;
        for (int i = 0; i < batch; i++)
            System.Numerics.Tensors.TensorPrimitives.Add(db, dy.Slice(i * OutFeatures, OutFeatures), db);
        if (!ComputeInputGradient)
        {
            _gradInput.EnsureShape(0, InFeatures);
            return _gradInput;
        }
        _gradInput.EnsureShape(batch, InFeatures);
        Gemm.Multiply(Transpose.None, Transpose.None, batch, InFeatures, OutFeatures,
            T.One, dy, OutFeatures, Weight.Value.Span, InFeatures, T.Zero, _gradInput.Span, InFeatures);
        return _gradInput;
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter<T>> Parameters() => [Weight, Bias];
}
