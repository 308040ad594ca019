using System.Collections.Generic;
using EdgeVae.Compiler.Graph;
using EdgeVae.Contract;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Planning
{
    /// <summary>
    /// The steps a streaming scorer runs on frames it can carry over from the window before: the window as [length ×
    /// channels] (views), its transpose to [channels × length], then convolutions and the elementwise activations between
    /// them — up to the first step that mixes time (a flatten into a dense layer). Empty when the model has no convolution
    /// there (a dense model recomputes everything, so it has no streaming scorer).
    /// </summary>
    public sealed class StreamingPrefix
    {
        private StreamingPrefix(List<PlannedStep> steps, int totalStride)
        {
            Steps = steps;
            TotalStride = totalStride;
        }

        public IReadOnlyList<PlannedStep> Steps { get; }

        /// <summary>The product of the prefix's convolution strides: a streaming hop must be a multiple of it.</summary>
        public int TotalStride { get; }

        public int Count => Steps.Count;

        /// <summary>Whether a streaming scorer can advance by <paramref name="hop"/> steps of a <paramref name="windowLength"/>-step window.</summary>
        public bool Accepts(int windowLength, int hop) => hop > 0 && hop < windowLength && hop % TotalStride == 0;

        /// <summary>
        /// Multiply-accumulates of one window when the previous one's convolution frames carry over
        /// (<see cref="FrameReuse"/>): the full count less the carried frames' products. The generated scorer's
        /// <c>MacsPerHop</c> is this number.
        /// </summary>
        public long MacsPerHop(long macsPerInference, int windowLength, int hop)
        {
            var reuse = FrameReuse.Window(windowLength, hop);
            long saved = 0;
            foreach (var s in Steps)
            {
                if (!(s.Op is Conv1DOp op)) continue;
                reuse = FrameReuse.Convolution(reuse, op.KernelSize, op.Stride, op.Dilation, op.PaddingLeft, s.OutputShape.Length);
                saved += (long)reuse.Count * op.OutChannels * op.FanIn;
            }
            return macsPerInference - saved;
        }

        public static StreamingPrefix? Find(ModelDescription model, ExecutionPlan plan)
        {
            var data = model.Data;
            // A front-end's frames are not the window's time steps (frame reuse there is the front-end's own).
            if (data.Window <= 0 || model.FrontEnd != null) return null;
            var steps = new List<PlannedStep>();
            int i = 0, convs = 0, stride = 1;
            // Views of the flat window as [length × channels].
            while (i < plan.Steps.Count && plan.Steps[i].Mode == StepMode.View && i < plan.CodeStep) steps.Add(plan.Steps[i++]);
            if (i >= plan.CodeStep || !(plan.Steps[i].Op is TransposeOp)) return null;
            var t = plan.Steps[i];
            if (t.InputShape != TensorShape.Sequence(data.Window, data.Channels) || t.Mode != StepMode.Compute) return null;
            steps.Add(plan.Steps[i++]);
            for (; i < plan.CodeStep; i++)
            {
                var s = plan.Steps[i];
                bool conv = s.Op is Conv1DOp && s.Mode == StepMode.Compute;
                bool elementwise = (s.Quantized is QuantizedLookup || (s.Quantized == null && s.Op is ActivationOp)) && s.Mode == StepMode.InPlace;
                if (!conv && !elementwise) break;
                if (conv)
                {
                    convs++;
                    stride *= ((Conv1DOp)s.Op).Stride;
                }
                steps.Add(s);
            }
            return convs > 0 ? new StreamingPrefix(steps, stride) : null;
        }
    }
}
