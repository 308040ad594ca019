namespace EdgeVae.Compiler.Quantization.Rules
{
    /// <summary>Transpose: the codes rearranged, in the input's quantization.</summary>
    internal static class TransposeRule
    {
        public static QuantizedTranspose Quantize(RuleContext ctx) => ctx.Moved(new QuantizedTranspose());
    }
}
