namespace EdgeVae.Compiler.Quantization.Rules
{
    /// <summary>The Gaussian head: μ is the first half of the encoder's codes, in their quantization.</summary>
    internal static class GaussianHeadRule
    {
        public static QuantizedGaussianHead Quantize(RuleContext ctx) => ctx.Moved(new QuantizedGaussianHead());
    }
}
