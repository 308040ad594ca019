using EdgeVae.Compiler.Graph;

namespace EdgeVae.Compiler.Quantization.Rules
{
    /// <summary>Dense: TensorFlow Lite's FULLY_CONNECTED int8 and 16x8 schemes, weights per output channel.</summary>
    internal static class DenseRule
    {
        public static QuantizedDense Quantize(DenseOp op, RuleContext ctx, ActivationOp? fused) =>
            WeightQuantization.Apply(new QuantizedDense(), ctx, op.Weight.AsArray(), op.Bias.AsArray(), op.OutFeatures, op.InFeatures, fused?.Range ?? op.Range, fused);
    }
}
