using EdgeVae.Compiler.Graph;

namespace EdgeVae.Compiler.Quantization.Rules
{
    /// <summary>
    /// Conv1D: TensorFlow Lite's CONV_2D scheme on one spatial axis, weights per output channel over in_channels ×
    /// kernel_size; padded frames hold the input's zero point, so the folded bias stays exact at the window's edges.
    /// </summary>
    internal static class Conv1DRule
    {
        public static QuantizedConv1D Quantize(Conv1DOp op, RuleContext ctx, ActivationOp? fused) =>
            WeightQuantization.Apply(new QuantizedConv1D
            {
                KernelSize = op.KernelSize,
                Stride = op.Stride,
                Dilation = op.Dilation,
                PaddingLeft = op.PaddingLeft,
                PaddingRight = op.PaddingRight,
            }, ctx, op.Weight.AsArray(), op.Bias.AsArray(), op.OutChannels, op.FanIn, fused?.Range ?? op.Range, fused);
    }
}
