using EdgeVae.Compiler.Planning;

namespace EdgeVae.Compiler.Emitters.DotNet.Steps
{
    /// <summary>Transpose: the layout change between interleaved windows and channel-major convolution inputs.</summary>
    internal sealed class TransposeStep : DotNetStep
    {
        public static readonly TransposeStep Instance = new TransposeStep();

        public override void EmitRun(IndentedWriter w, DotNetContext ctx, PlannedStep step, string input, string output, string scratch) =>
            w.Line(DotNetContext.Kernels + "Transpose.Matrix<" + ctx.Act + ">(" + input + ", " + step.InputShape.Dim0 + ", " + step.InputShape.Dim1 + ", " + output + ");");
    }
}
