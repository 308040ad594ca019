using System.Linq;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.DotNet.Steps
{
    /// <summary>An activation: a table on integer codes, or the float32 function.</summary>
    internal sealed class ActivationStep : DotNetStep
    {
        public static readonly ActivationStep Instance = new ActivationStep();

        public override void EmitData(IndentedWriter w, DotNetContext ctx, PlannedStep step)
        {
            if (!(step.Quantized is QuantizedLookup q)) return;
            w.Line("// " + Identifiers.Comment(step.Op.Name) + ": " + Contract.ActivationMath.Name(q.Function) + " as a table");
            Array(w, "short", "T" + step.Index, q.Table.Select(v => IndentedWriter.Int(v)));
        }

        public override void EmitRun(IndentedWriter w, DotNetContext ctx, PlannedStep step, string input, string output, string scratch)
        {
            if (step.Quantized is QuantizedLookup)
                w.Line(DotNetContext.Kernels + "Lookup." + ctx.Suffix + "(" + input + ", T" + step.Index + ", " + output + ");");
            else
                w.Line(DotNetContext.Kernels + "Activation.Float32(" + DotNetContext.Contract + "ActivationFunction." + ((ActivationOp)step.Op).Function + ", " + input + ", " + output + ");");
        }

        public override long FlashBytes(DotNetContext ctx, PlannedStep step) => step.Quantized is QuantizedLookup q ? 2L * q.Table.Count : 0;
    }
}
