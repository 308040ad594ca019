using EdgeVae.Compiler.Graph;

namespace EdgeVae.Compiler.Quantization.Rules
{
    /// <summary>Upsample: each code repeated, in the input's quantization.</summary>
    internal static class UpsampleRule
    {
        public static QuantizedUpsample Quantize(UpsampleOp op, RuleContext ctx) => ctx.Moved(new QuantizedUpsample { Factor = op.Factor });
    }
}
