namespace EdgeVae.Compiler.Quantization.Rules
{
    /// <summary>Reshape: the same codes under another shape, in the input's quantization.</summary>
    internal static class ReshapeRule
    {
        public static QuantizedReshape Quantize(RuleContext ctx) => ctx.Moved(new QuantizedReshape());
    }
}
