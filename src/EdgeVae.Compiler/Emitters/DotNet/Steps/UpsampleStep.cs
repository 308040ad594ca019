using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;

namespace EdgeVae.Compiler.Emitters.DotNet.Steps
{
    /// <summary>Upsample: each value repeated along the length.</summary>
    internal sealed class UpsampleStep : DotNetStep
    {
        public static readonly UpsampleStep Instance = new UpsampleStep();

        public override void EmitRun(IndentedWriter w, DotNetContext ctx, PlannedStep step, string input, string output, string scratch) =>
            w.Line(DotNetContext.Kernels + "Upsample.Nearest<" + ctx.Act + ">(" + input + ", " + step.InputShape.Channels + ", " + ((UpsampleOp)step.Op).Factor + ", " + output + ");");
    }
}
