using System.Collections.Generic;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Planning
{
    /// <summary>Where a tensor of the generated code lives.</summary>
    public enum TensorHome
    {
        /// <summary>The network's input: the normalised window itself (float32 models), read, never written.</summary>
        Input,

        /// <summary>The scratch arena the memory plan lays out.</summary>
        Arena,

        /// <summary>The caller's code buffer: the encoder's output (for a VAE, μ then log σ²).</summary>
        Code,

        /// <summary>The caller's output buffer: the reconstruction's codes (or floats).</summary>
        Output,
    }

    /// <summary>A slice of one of the homes.</summary>
    public readonly record struct TensorRef(TensorHome Home, int Offset, int Length);

    /// <summary>How a step makes its output.</summary>
    public enum StepMode
    {
        /// <summary>Into a buffer of its own.</summary>
        Compute,

        /// <summary>Over its input (an elementwise table or activation on a scratch buffer).</summary>
        InPlace,

        /// <summary>Its output is its input (a reshape, μ of the Gaussian head): no code at all.</summary>
        View,

        /// <summary>A data-movement step whose output must be the caller's buffer: a copy.</summary>
        Copy,
    }

    /// <summary>One step of the generated code: its op(s), shapes, the tensors it reads and writes, and its scratch.</summary>
    public sealed record PlannedStep(int Index, Op Op, QuantizedStep? Quantized, TensorShape InputShape, TensorShape OutputShape,
        TensorRef Input, TensorRef Output, TensorRef Scratch, StepMode Mode);

    /// <summary>
    /// The graph as the emitters write it: steps (the quantizer's, or the float graph's ops after the normalisation), each
    /// tensor in a home, the scratch arena laid out by <see cref="MemoryPlanner"/> from the buffers' lifetimes. Steps up to
    /// <see cref="LatentStep"/> are the encoder, the rest the decoder; <see cref="CodeStep"/> writes the caller's code
    /// buffer, the last step the caller's output buffer.
    /// </summary>
    public sealed record ExecutionPlan(EquatableArray<PlannedStep> Steps, TensorRef InputTensor, int ArenaLength, int LatentStep, int CodeStep)
    {
        public int InputLength => InputTensor.Length;

        public int CodeLength => Steps[CodeStep].Output.Length;

        public int LatentLength => (int)Steps[LatentStep].OutputShape.Size;

        /// <summary>The plan of a quantized model (<paramref name="q"/>) or of the float graph (q null).</summary>
        /// <param name="packedKernels">Whether steps run the .NET flavor's packed int8 kernels, whose scratch each op states (<see cref="Op.ScratchValues"/>).</param>
        public static ExecutionPlan For(ModelDescription model, QuantizedModel? q, bool packedKernels)
        {
            var graph = model.Graph;
            var shapes = graph.Shapes();
            var stepOps = new List<(Op Op, QuantizedStep? Quantized, TensorShape In, TensorShape Out)>();
            int latent = -1;
            if (q != null)
            {
                foreach (var s in q.Steps) stepOps.Add((graph[s.FirstOp], s, s.InputShape, s.OutputShape));
                latent = q.LatentStep;
            }
            else
            {
                for (int i = graph.NormalizeIndex + 1; i < graph.Count; i++)
                {
                    if (i == graph.LatentIndex) latent = stepOps.Count;
                    stepOps.Add((graph[i], null, graph.InputShapeOf(i, shapes), shapes[i]));
                }
            }
            int codeStep = model.Kind == ModelKind.Variational ? latent - 1 : latent;
            int n = model.FeatureSize, last = stepOps.Count - 1;

            // Buffers of the arena, each with the steps (times) it must survive: time 0 fills the input, step s runs at s + 1.
            var buffers = new List<BufferLifetime>();
            var stepOutputs = new (int Buffer, TensorRef Ref)[stepOps.Count];
            var scratch = new (int Buffer, int Length)[stepOps.Count];
            var modes = new StepMode[stepOps.Count];
            int inputBuffer = -1;
            TensorRef current;
            if (q != null)
            {
                inputBuffer = buffers.Count;
                buffers.Add(new BufferLifetime(n, 0, 1));
                current = new TensorRef(TensorHome.Arena, 0, n);
            }
            else current = new TensorRef(TensorHome.Input, 0, n);
            int currentBuffer = inputBuffer;
            for (int s = 0; s < stepOps.Count; s++)
            {
                var (op, quantized, inShape, outShape) = stepOps[s];
                int time = s + 1, length = (int)outShape.Size;
                if (currentBuffer >= 0) buffers[currentBuffer] = Extend(buffers[currentBuffer], time);
                TensorHome? external = s == last ? TensorHome.Output : s == codeStep ? TensorHome.Code : (TensorHome?)null;
                bool view = IsView(op, quantized), elementwise = IsElementwise(op, quantized);
                StepMode mode;
                TensorRef output;
                int buffer;
                if (view && external == null)
                {
                    (mode, output, buffer) = (StepMode.View, current with { Length = length }, currentBuffer);
                }
                else if (external != null)
                {
                    (mode, output, buffer) = (view ? StepMode.Copy : StepMode.Compute, new TensorRef(external.Value, 0, length), -1);
                }
                else if (elementwise && current.Home == TensorHome.Arena)
                {
                    (mode, output, buffer) = (StepMode.InPlace, current, currentBuffer);
                }
                else
                {
                    buffer = buffers.Count;
                    buffers.Add(new BufferLifetime(length, time, time));
                    (mode, output) = (StepMode.Compute, new TensorRef(TensorHome.Arena, 0, length));
                }
                int patch = op.ScratchValues(inShape, packedKernels);
                if (patch > 0)
                {
                    scratch[s] = (buffers.Count, patch);
                    buffers.Add(new BufferLifetime(patch, time, time));
                }
                else scratch[s] = (-1, 0);
                stepOutputs[s] = (buffer, output);
                modes[s] = mode;
                current = output;
                currentBuffer = buffer;
            }

            var (offsets, arena) = MemoryPlanner.Plan(buffers);
            TensorRef Place(TensorRef r, int buffer) => buffer < 0 ? r : r with { Offset = offsets[buffer] + r.Offset };
            var planned = new PlannedStep[stepOps.Count];
            TensorRef input = q != null ? new TensorRef(TensorHome.Arena, offsets[inputBuffer], n) : new TensorRef(TensorHome.Input, 0, n);
            var previous = input;
            for (int s = 0; s < stepOps.Count; s++)
            {
                var (op, quantized, inShape, outShape) = stepOps[s];
                var output = Place(stepOutputs[s].Ref, stepOutputs[s].Buffer);
                var patch = scratch[s].Buffer < 0 ? new TensorRef(TensorHome.Arena, 0, 0) : new TensorRef(TensorHome.Arena, offsets[scratch[s].Buffer], scratch[s].Length);
                planned[s] = new PlannedStep(s, op, quantized, inShape, outShape, previous, output, patch, modes[s]);
                previous = output;
            }
            return new ExecutionPlan(new EquatableArray<PlannedStep>(planned), input, arena, latent, codeStep);
        }

        private static BufferLifetime Extend(BufferLifetime b, int time) => time > b.LastStep ? b with { LastStep = time } : b;

        /// <summary>A step whose output is its input's values under another shape (or a prefix of them).</summary>
        private static bool IsView(Op op, QuantizedStep? q) => q != null
            ? q is QuantizedReshape || q is QuantizedGaussianHead
            : op is ReshapeOp || op is GaussianHeadOp || (op is ActivationOp a && a.Function == ActivationFunction.Identity);

        /// <summary>A step that may overwrite its input element by element.</summary>
        private static bool IsElementwise(Op op, QuantizedStep? q) => q != null ? q is QuantizedLookup : op is ActivationOp;
    }
}
