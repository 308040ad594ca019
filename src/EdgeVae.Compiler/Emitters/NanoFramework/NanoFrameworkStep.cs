using System.Collections.Generic;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Compiler.Emitters.NanoFramework.Steps;

namespace EdgeVae.Compiler.Emitters.NanoFramework
{
    /// <summary>
    /// What the nanoFramework emitter writes for one op: its arrays and a method <c>StepN(x, y)</c> that runs it, written for
    /// an IL interpreter (C# 7.3, arrays, int32 inner loops, array references in locals, offsets into the scratch baked in
    /// as constants). One class per op in <c>Steps/</c>; the integers are the reference kernels', bit for bit.
    /// </summary>
    internal abstract class NanoFrameworkStep
    {
        public virtual void EmitData(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step)
        {
        }

        /// <summary>The body of <c>StepN(ACT[] x, ACT[] y)</c>; <paramref name="xo"/> and <paramref name="yo"/> are the tensors' offsets in those arrays.</summary>
        public abstract void EmitBody(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step, int xo, int yo);

        public static NanoFrameworkStep For(PlannedStep step) => step.Op switch
        {
            DenseOp _ => DenseStep.Instance,
            Conv1DOp _ => Conv1DStep.Instance,
            ActivationOp _ => ActivationStep.Instance,
            TransposeOp _ => TransposeStep.Instance,
            UpsampleOp _ => UpsampleStep.Instance,
            ReshapeOp _ => ViewStep.Instance,
            GaussianHeadOp _ => ViewStep.Instance,
            _ => throw new QuantizationException("op \"" + step.Op.Name + "\" (" + step.Op.Type + ") has no nanoFramework emitter step"),
        };

        protected static void Array(IndentedWriter w, string type, string name, IEnumerable<string> values)
        {
            w.Line("private static readonly " + type + "[] " + name + " = new " + type + "[]");
            w.Open("");
            w.Values(values);
            w.Close(";");
        }

        /// <summary><paramref name="array"/>[<paramref name="index"/> + offset], the offset folded when it is 0.</summary>
        protected static string At(string array, string index, int offset) => array + "[" + (offset == 0 ? index : index + " + " + offset) + "]";
    }

    /// <summary>What every nanoFramework step emitter needs to know.</summary>
    internal sealed class NanoFrameworkContext
    {
        public NanoFrameworkContext(QuantizedModel? quantized, ExecutionPlan plan)
        {
            Quantized = quantized;
            Plan = plan;
        }

        public QuantizedModel? Quantized { get; }

        public ExecutionPlan Plan { get; }

        /// <summary>int16 activations (TensorFlow Lite's 16x8 scheme: int8 weights, int64 bias and accumulators).</summary>
        public bool Int16 => Quantized != null && Quantized.Precision == QuantizedPrecision.Int16;

        /// <summary>The activation element type: sbyte, short or float.</summary>
        public string Act => Quantized == null ? "float" : Int16 ? "short" : "sbyte";

        /// <summary>The weight element type: sbyte for both integer schemes, float for float32.</summary>
        public string WeightType => Quantized != null ? "sbyte" : "float";

        /// <summary>The bias element type: int (int8), long (int16) or float.</summary>
        public string BiasType => Quantized == null ? "float" : Int16 ? "long" : "int";
    }
}
