using System.Numerics;
using EdgeVae.Numerics.LinearAlgebra;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>
/// A 1-D convolution (PyTorch's <c>nn.Conv1d</c>): each row of the batch is one sample of [in_channels × length], channel
/// major; y[o, j] = b[o] + Σ_c Σ_t W[o, c, t]·x[c, j·stride − padding_left + t·dilation], zeros outside the input. W is
/// [out_channels, in_channels·kernel] (PyTorch's [out, in, k] flattened). Computed as im2col and GEMM, so every
/// precision runs it. The columns are laid out transposed, [in·k, samples·out_length]: row (c, t) is input row c
/// shifted by t (a contiguous copy when the stride is 1), and the products come out channel major, wide enough for
/// the GEMM's micro-kernel however few channels a layer has. (Chunks of the batch sized for L2 were slower: the
/// GEMM's per-call packing outweighs the cache misses at these sizes.)
/// </summary>
public sealed class Conv1d<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private readonly Tensor<T> _columns = Tensor<T>.Zeros(0, 0);   // [in·k, batch·out_length]
    private readonly Tensor<T> _frames = Tensor<T>.Zeros(0, 0);    // [out, batch·out_length], values or gradients
    private readonly Tensor<T> _gradColumns = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _regroupedWeight = Tensor<T>.Zeros(0, 0);  // [in, out·k]
    private readonly Tensor<T> _inputFrames = Tensor<T>.Zeros(0, 0);      // [in, batch·in_length]
    private readonly Tensor<T> _output = Tensor<T>.Zeros(0, 0);
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
        int batch = _batch = input.Rows, n = batch * OutLength;
        var col = Columns(input.Span, 0, batch);
        _frames.EnsureShape(OutChannels, n);
        Span<T> f = _frames.Span;
        ReadOnlySpan<T> bias = Bias.Value.Span;
        for (int o = 0; o < OutChannels; o++) f.Slice(o * n, n).Fill(bias[o]);
        Gemm.Multiply(Transpose.None, Transpose.None, OutChannels, n, FanIn, T.One, Weight.Value.Span, FanIn, col, n, T.One, f, n);
        _output.EnsureShape(batch, OutChannels * OutLength);
        Span<T> y = _output.Span;
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < OutChannels; o++)
                f.Slice(o * n + b * OutLength, OutLength).CopyTo(y.Slice((b * OutChannels + o) * OutLength, OutLength));
        return _output;
    }

    /// <inheritdoc />
    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        if (_batch < 0) throw new InvalidOperationException("Conv1d.Backward was called before Forward.");
        int batch = _batch, n = batch * OutLength;
        if (gradOutput.Rows != batch || gradOutput.Cols != OutChannels * OutLength)
            throw new ArgumentException($"Conv1d.Backward expected a gradient of shape [{batch}, {OutChannels * OutLength}], got [{gradOutput.Rows}, {gradOutput.Cols}].");
        _frames.EnsureShape(OutChannels, n);
        Span<T> gf = _frames.Span;
        ReadOnlySpan<T> dy = gradOutput.Span;
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < OutChannels; o++)
                dy.Slice((b * OutChannels + o) * OutLength, OutLength).CopyTo(gf.Slice(o * n + b * OutLength, OutLength));
        // dW += dF·colᵀ, db += Σ_frames dF, dcol = Wᵀ·dF.
        Gemm.Multiply(Transpose.None, Transpose.Transpose, OutChannels, FanIn, n, T.One, gf, n, _columns.Span, n, T.One, Weight.Grad.Span, FanIn);
        Span<T> db = Bias.Grad.Span;
        for (int o = 0; o < OutChannels; o++) db[o] += Sum(gf.Slice(o * n, n));
        _gradInput.EnsureShape(batch, InChannels * InLength);
        if (Stride == 1) GradInputAsConvolution(dy, batch);
        else
        {
            _gradColumns.EnsureShape(FanIn, n);
            Gemm.Multiply(Transpose.Transpose, Transpose.None, FanIn, n, OutChannels, T.One, Weight.Value.Span, FanIn, gf, n, T.Zero, _gradColumns.Span, n);
            Span<T> dx = _gradInput.Span;
            dx.Clear();
            AddColumns(_gradColumns.Span, 0, batch, dx);
        }
        return _gradInput;
    }

    /// <summary>
    /// dx of a stride-1 convolution as a convolution of dy: dx[c, i] = Σ_o Σ_t W[o, c, t]·dy[o, i + padding_left −
    /// t·dilation]. im2col of dy ([out·k, batch·in_length]) and one GEMM with the weights regrouped as [in, out·k]
    /// move a fraction of the data that col2im of [in·k, batch·out_length] column gradients does.
    /// </summary>
    private void GradInputAsConvolution(ReadOnlySpan<T> dy, int batch)
    {
        int n = batch * InLength, k = OutChannels * KernelSize;
        _gradColumns.EnsureShape(k, n);
        Span<T> col = _gradColumns.Span;
        for (int o = 0; o < OutChannels; o++)
            for (int t = 0; t < KernelSize; t++)
            {
                // Input frame i reads output frame i + shift; frames [first, end) of the input have one.
                int shift = PaddingLeft - t * Dilation;
                int first = Math.Clamp(-shift, 0, InLength), end = Math.Clamp(OutLength - shift, first, InLength);
                var row = col.Slice((o * KernelSize + t) * n, n);
                for (int b = 0; b < batch; b++)
                {
                    var dst = row.Slice(b * InLength, InLength);
                    dst[..first].Clear();
                    dst[end..].Clear();
                    dy.Slice((b * OutChannels + o) * OutLength + first + shift, end - first).CopyTo(dst[first..end]);
                }
            }
        _regroupedWeight.EnsureShape(InChannels, k);
        Span<T> w2 = _regroupedWeight.Span;
        ReadOnlySpan<T> w = Weight.Value.Span;
        for (int o = 0; o < OutChannels; o++)
            for (int c = 0; c < InChannels; c++)
                for (int t = 0; t < KernelSize; t++) w2[c * k + o * KernelSize + t] = w[o * FanIn + c * KernelSize + t];
        _inputFrames.EnsureShape(InChannels, n);
        Span<T> g = _inputFrames.Span;
        Gemm.Multiply(Transpose.None, Transpose.None, InChannels, n, k, T.One, w2, k, col, n, T.Zero, g, n);
        Span<T> dx = _gradInput.Span;
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < InChannels; c++)
                g.Slice(c * n + b * InLength, InLength).CopyTo(dx.Slice((b * InChannels + c) * InLength, InLength));
    }

    /// <summary>im2col of samples [b0, b0 + m) into <see cref="_columns"/>: row (c, t), column (sample, output frame).</summary>
    private ReadOnlySpan<T> Columns(ReadOnlySpan<T> x, int b0, int m)
    {
        int n = m * OutLength;
        _columns.EnsureShape(FanIn, n);
        Span<T> col = _columns.Span;
        for (int c = 0; c < InChannels; c++)
            for (int t = 0; t < KernelSize; t++)
            {
                var (first, end) = ValidFrames(t);
                int shift = t * Dilation - PaddingLeft;
                var row = col.Slice((c * KernelSize + t) * n, n);
                for (int b = 0; b < m; b++)
                {
                    var dst = row.Slice(b * OutLength, OutLength);
                    var src = x.Slice(((b0 + b) * InChannels + c) * InLength, InLength);
                    dst[..first].Clear();
                    dst[end..].Clear();
                    if (Stride == 1) src.Slice(first + shift, end - first).CopyTo(dst[first..end]);
                    else for (int j = first; j < end; j++) dst[j] = src[j * Stride + shift];
                }
            }
        return col;
    }

    /// <summary>col2im: adds each column gradient into the input frame it was read from (padding reads go nowhere).</summary>
    private void AddColumns(ReadOnlySpan<T> dcol, int b0, int m, Span<T> dx)
    {
        int n = m * OutLength;
        for (int c = 0; c < InChannels; c++)
            for (int t = 0; t < KernelSize; t++)
            {
                var (first, end) = ValidFrames(t);
                int shift = t * Dilation - PaddingLeft;
                var row = dcol.Slice((c * KernelSize + t) * n, n);
                for (int b = 0; b < m; b++)
                {
                    var src = row.Slice(b * OutLength, OutLength);
                    var dst = dx.Slice(((b0 + b) * InChannels + c) * InLength, InLength);
                    if (Stride == 1)
                    {
                        var d = dst.Slice(first + shift, end - first);
                        System.Numerics.Tensors.TensorPrimitives.Add(d, src[first..end], d);
                    }
                    else for (int j = first; j < end; j++) dst[j * Stride + shift] += src[j];
                }
            }
    }

    /// <summary>The output frames [first, end) whose tap <paramref name="t"/> reads inside the input (the rest read padding).</summary>
    private (int First, int End) ValidFrames(int t)
    {
        int shift = t * Dilation - PaddingLeft;
        // j·stride + shift ≥ 0 and ≤ InLength − 1.
        int first = shift >= 0 ? 0 : (-shift + Stride - 1) / Stride;
        int last = InLength - 1 - shift;
        int end = last < 0 ? 0 : Math.Min(OutLength, last / Stride + 1);
        return (Math.Min(first, end), end);
    }

    private static T Sum(ReadOnlySpan<T> values)
    {
        T sum = T.Zero;
        foreach (var v in values) sum += v;
        return sum;
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter<T>> Parameters() => [Weight, Bias];
}
