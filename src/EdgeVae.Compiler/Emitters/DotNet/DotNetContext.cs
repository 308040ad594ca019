using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.DotNet
{
    /// <summary>What every .NET step emitter needs to know: the model, its quantization (none for float32) and the plan.</summary>
    internal sealed class DotNetContext
    {
        /// <summary>Runtime names are written in full: a user's member named like a kernel class must not capture the call.</summary>
        public const string Kernels = "global::EdgeVae.Runtime.Kernels.";

        public const string Scoring = "global::EdgeVae.Runtime.Scoring.";

        public const string Contract = "global::EdgeVae.Contract.";

        public DotNetContext(ModelDescription model, QuantizedModel? quantized, ExecutionPlan plan, EmitOptions options)
        {
            Model = model;
            Quantized = quantized;
            Plan = plan;
            Options = options;
            Standardization = Thresholds.Standardization(model, options.PrecisionName);
        }

        /// <summary>The standardised score's per-feature mean and weight, when the threshold applies to it.</summary>
        public ResidualStandardization? Standardization { get; }

        public ModelDescription Model { get; }

        public QuantizedModel? Quantized { get; }

        public ExecutionPlan Plan { get; }

        public EmitOptions Options { get; }

        public bool Int8 => Options.Precision == EmitPrecision.Int8;

        public bool Int16 => Options.Precision == EmitPrecision.Int16;

        public bool Float => Options.Precision == EmitPrecision.Float32;

        /// <summary>The activation element type: sbyte, short or float.</summary>
        public string Act => Int8 ? "sbyte" : Int16 ? "short" : "float";

        /// <summary>Kernel method suffix: Int8, Int16 or Float32.</summary>
        public string Suffix => Int8 ? "Int8" : Int16 ? "Int16" : "Float32";

        /// <summary>Bytes per activation value.</summary>
        public int ActBytes => Int8 ? 1 : Int16 ? 2 : 4;

        /// <summary>The C# expression for a tensor inside RunEncoder / RunDecoder (parameters x, code, output, scratch).</summary>
        public string Tensor(TensorRef r) => r.Home switch
        {
            TensorHome.Input => r.Length == Plan.InputLength ? "x" : "x.Slice(0, " + r.Length + ")",
            TensorHome.Code => r.Offset == 0 && r.Length == Plan.CodeLength ? "code" : "code.Slice(" + r.Offset + ", " + r.Length + ")",
            TensorHome.Output => "output",
            _ => "scratch.Slice(" + r.Offset + ", " + r.Length + ")",
        };
    }
}
