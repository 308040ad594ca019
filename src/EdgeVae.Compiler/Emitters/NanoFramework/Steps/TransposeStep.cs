using EdgeVae.Compiler.Planning;

namespace EdgeVae.Compiler.Emitters.NanoFramework.Steps
{
    /// <summary>Transpose: [rows × columns] into [columns × rows].</summary>
    internal sealed class TransposeStep : NanoFrameworkStep
    {
        public static readonly TransposeStep Instance = new TransposeStep();

        public override void EmitBody(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step, int xo, int yo)
        {
            int rows = step.InputShape.Dim0, columns = step.InputShape.Dim1;
            w.Open("for (int r = 0; r < " + rows + "; r++)");
            w.Line("for (int c = 0; c < " + columns + "; c++) y[" + yo + " + c * " + rows + " + r] = x[" + xo + " + r * " + columns + " + c];");
            w.Close();
        }
    }
}
