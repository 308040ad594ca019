using System.Numerics;
using EdgeVae.Numerics.LinearAlgebra;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>
/// A 1-D convolution (PyTorch's <c>nn.Conv1d</c>): each row of the batch is one sample of [in_channels × length], channel
/// major; y[o, j] = b[o] + Σ_c Σ_t W[o, c, t]·x[c, j·stride − padding_left + t·dilation], zeros outside the input. W is
/// [out_channels, in_channels·kernel] (PyTorch's [out, in, k] flattened). Computed as im2col and one GEMM per pass, so
/// every precision runs it.
/// </summary>
public sealed class Conv1d<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private readonly Tensor<T> _columns = Tensor<T>.Zeros(0, 0);   // [batch·out_length, in·k]
    private readonly Tensor<T> _frames = Tensor<T>.Zeros(0, 0);    // [batch·out_length, out]
    private readonly Tensor<T> _output = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradFrames = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradColumns = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradInput = Tensor<T>.Zeros(0, 0);
    private int _batch = -1;

    public Conv1d(int inChannels, int outChannels, int kernelSize, int inLength, Prng random, Init init = Init.HeUniform,
        int stride = 1, int dilation = 1, int paddingLeft = 0, int paddingRight = 0, string name = "conv1d")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dilation);
        (InChannels, OutChannels, KernelSize, InLength, Stride, Dilation, PaddingLeft, PaddingRight) =
            (inChannels, outChannels, kernelSize, inLength, stride, dilation, paddingLeft, paddingRight);
        OutLength = (inLength + paddingLeft + paddingRight - dilation * (kernelSize - 1) - 1) / stride + 1;
        if (OutLength < 1) throw new ArgumentException($"Conv1d: {inLength} frames are fewer than the kernel spans.");
        Weight = new Parameter<T>($"{name}.weight", Tensor<T>.Zeros(outChannels, inChannels * kernelSize));
        Bias = new Parameter<T>($"{name}.bias", Tensor<T>.Zeros(outChannels));
        InitFill.Apply(init, random, Weight.Value.Span, Bias.Value.Span, inChannels * kernelSize, outChannels * kernelSize);
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int InLength { get; }
    public int OutLength { get; }
    public int Stride { get; }
    public int Dilation { get; }
    public int PaddingLeft { get; }
    public int PaddingRight { get; }

    /// <summary>[out_channels, in_channels·kernel].</summary>
    public Parameter<T> Weight { get; }

    /// <summary>[out_channels].</summary>
    public Parameter<T> Bias { get; }

    private int FanIn => InChannels * KernelSize;

    /// <inheritdoc />
    public override Tensor<T> Forward(Tensor<T> input)
    {
        if (input.Cols != InChannels * InLength)
            throw new ArgumentException($"Conv1d({InChannels}×{InLength}→{OutChannels}×{OutLength}) got input with {input.Cols} features.", nameof(input));
        _batch = input.Rows;
        int rows = _batch * OutLength;
        _columns.EnsureShape(rows, FanIn);
        Span<T> col = _columns.Span;
        ReadOnlySpan<T> x = input.Span;
        for (int b = 0; b < _batch; b++)
            for (int j = 0; j < OutLength; j++)
            {
                var dst = col.Slice((b * OutLength + j) * FanIn, FanIn);
                int start = j * Stride - PaddingLeft;
                for (int c = 0; c < InChannels; c++)
                    for (int t = 0; t < KernelSize; t++)
                    {
                        int idx = start + t * Dilation;
                        dst[c * KernelSize + t] = (uint)idx < (uint)InLength ? x[b * InChannels * InLength + c * InLength + idx] : T.Zero;
                    }
            }
        _frames.EnsureShape(rows, OutChannels);
        Span<T> f = _frames.Span;
        ReadOnlySpan<T> bias = Bias.Value.Span;
        for (int r = 0; r < rows; r++) bias.CopyTo(f.Slice(r * OutChannels, OutChannels));
        Gemm.Multiply(Transpose.None, Transpose.Transpose, rows, OutChannels, FanIn, T.One, col, FanIn, Weight.Value.Span, FanIn, T.One, f, OutChannels);
        _output.EnsureShape(_batch, OutChannels * OutLength);
        Span<T> y = _output.Span;
        for (int b = 0; b < _batch; b++)
            for (int j = 0; j < OutLength; j++)
                for (int o = 0; o < OutChannels; o++)
                    y[b * OutChannels * OutLength + o * OutLength + j] = f[(b * OutLength + j) * OutChannels + o];
        return _output;
    }

    /// <inheritdoc />
    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        if (_batch < 0) throw new InvalidOperationException("Conv1d.Backward was called before Forward.");
        if (gradOutput.Rows != _batch || gradOutput.Cols != OutChannels * OutLength)
            throw new ArgumentException($"Conv1d.Backward expected a gradient of shape [{_batch}, {OutChannels * OutLength}], got [{gradOutput.Rows}, {gradOutput.Cols}].");
        int rows = _batch * OutLength;
        _gradFrames.EnsureShape(rows, OutChannels);
        Span<T> gf = _gradFrames.Span;
        ReadOnlySpan<T> dy = gradOutput.Span;
        for (int b = 0; b < _batch; b++)
            for (int j = 0; j < OutLength; j++)
                for (int o = 0; o < OutChannels; o++)
                    gf[(b * OutLength + j) * OutChannels + o] = dy[b * OutChannels * OutLength + o * OutLength + j];
        // dW += dFᵀ·col, db += Σ_rows dF, dcol = dF·W.
        Gemm.Multiply(Transpose.Transpose, Transpose.None, OutChannels, FanIn, rows, T.One, gf, OutChannels, _columns.Span, FanIn, T.One, Weight.Grad.Span, FanIn);
        Span<T> db = Bias.Grad.Span;
        for (int r = 0; r < rows; r++) System.Numerics.Tensors.TensorPrimitives.Add(db, gf.Slice(r * OutChannels, OutChannels), db);
        _gradColumns.EnsureShape(rows, FanIn);
        Gemm.Multiply(Transpose.None, Transpose.None, rows, FanIn, OutChannels, T.One, gf, OutChannels, Weight.Value.Span, FanIn, T.Zero, _gradColumns.Span, FanIn);
        _gradInput.EnsureShape(_batch, InChannels * InLength);
        Span<T> dx = _gradInput.Span;
        dx.Clear();
        ReadOnlySpan<T> dcol = _gradColumns.Span;
        for (int b = 0; b < _batch; b++)
            for (int j = 0; j < OutLength; j++)
            {
                var src = dcol.Slice((b * OutLength + j) * FanIn, FanIn);
                int start = j * Stride - PaddingLeft;
                for (int c = 0; c < InChannels; c++)
                    for (int t = 0; t < KernelSize; t++)
                    {
                        int idx = start + t * Dilation;
                        if ((uint)idx < (uint)InLength) dx[b * InChannels * InLength + c * InLength + idx] += src[c * KernelSize + t];
                    }
            }
        return _gradInput;
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter<T>> Parameters() => [Weight, Bias];
}
