using System.Collections.Generic;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Emitters.DotNet.Steps;

namespace EdgeVae.Compiler.Emitters.DotNet
{
    /// <summary>
    /// What the .NET emitter writes for one op: its read-only data (RVA arrays, shape structs) and the statement that runs
    /// it on the step's input and output tensors, calling EdgeVae.Runtime's kernel for it. One class per op in <c>Steps/</c>.
    /// Views (a reshape, the Gaussian head's μ) need no statement; copies the emitter writes itself.
    /// </summary>
    internal abstract class DotNetStep
    {
        public virtual void EmitData(IndentedWriter w, DotNetContext ctx, PlannedStep step)
        {
        }

        public abstract void EmitRun(IndentedWriter w, DotNetContext ctx, PlannedStep step, string input, string output, string scratch);

        /// <summary>Read-only bytes this step adds to the binary.</summary>
        public virtual long FlashBytes(DotNetContext ctx, PlannedStep step) => 0;

        public static DotNetStep For(PlannedStep step) => step.Op switch
        {
            DenseOp _ => DenseStep.Instance,
            Conv1DOp _ => Conv1DStep.Instance,
            ActivationOp _ => ActivationStep.Instance,
            TransposeOp _ => TransposeStep.Instance,
            UpsampleOp _ => UpsampleStep.Instance,
            ReshapeOp _ => ViewStep.Instance,
            GaussianHeadOp _ => ViewStep.Instance,
            _ => throw new Quantization.QuantizationException("op \"" + step.Op.Name + "\" (" + step.Op.Type + ") has no .NET emitter step"),
        };

        /// <summary><c>private static ReadOnlySpan&lt;T&gt; name => new T[] { … };</c>: data in the assembly image, no copy at run time.</summary>
        protected static void Array(IndentedWriter w, string type, string name, IEnumerable<string> values) => RvaArray(w, type, name, values);

        internal static void RvaArray(IndentedWriter w, string type, string name, IEnumerable<string> values)
        {
            w.Line("private static ReadOnlySpan<" + type + "> " + name + " => new " + type + "[]");
            w.Open("");
            w.Values(values);
            w.Close(";");
        }
    }
}
