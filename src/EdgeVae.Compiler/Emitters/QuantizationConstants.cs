using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters
{
    /// <summary>The scales and zero points of the input, the code, the output and the output's pre-activation, as both flavors declare them.</summary>
    internal static class QuantizationConstants
    {
        public static void Emit(IndentedWriter w, QuantizedModel q)
        {
            w.Line("private const float InputScale = " + IndentedWriter.Float(q.Input.Scale) + ";");
            w.Line("private const int InputZeroPoint = " + q.Input.ZeroPoint + ";");
            w.Line("private const float LatentScale = " + IndentedWriter.Float(q.Latent.Scale) + ";");
            w.Line("private const int LatentZeroPoint = " + q.Latent.ZeroPoint + ";");
            w.Line("private const float OutputScale = " + IndentedWriter.Float(q.OutputParams.Scale) + ";");
            w.Line("private const int OutputZeroPoint = " + q.OutputParams.ZeroPoint + ";");
            w.Line("private const float LogitScale = " + IndentedWriter.Float(q.Logits.Scale) + ";");
            w.Line("private const int LogitZeroPoint = " + q.Logits.ZeroPoint + ";");
        }
    }
}
