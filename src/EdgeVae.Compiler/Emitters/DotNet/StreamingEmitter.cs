using System.Collections.Generic;
using EdgeVae.Compiler.Emitters.DotNet.Steps;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.DotNet
{
    /// <summary>
    /// The streaming scorer of a convolutional model: a nested class <c>StreamingScorer</c> that scores windows advancing by a
    /// hop and keeps each convolution's output frames between calls, so the frames a window shares with the one before
    /// (<c>EdgeVae.Contract.FrameReuse</c>) are moved, not recomputed. It checks that the new window's input codes
    /// really are the old ones shifted by the hop and recomputes everything when they are not, so its scores are the
    /// scores of <c>Score</c>, bit for bit, whatever it is given.
    /// </summary>
    internal static class StreamingEmitter
    {
        private const string K = DotNetContext.Kernels;

        public static void Emit(IndentedWriter w, DotNetContext ctx, DotNetStep[] steps, StreamingPrefix prefix)
        {
            string act = ctx.Act;
            var plan = ctx.Plan;
            var inPrefix = new HashSet<int>();
            foreach (var s in prefix.Steps) inPrefix.Add(s.Index);
            var convs = new List<PlannedStep>();
            foreach (var s in prefix.Steps) if (s.Op is Conv1DOp) convs.Add(s);

            w.Line("/// <summary>");
            w.Line("/// Scores a stream of windows that advance by <see cref=\"StreamingScorer.Hop\"/> steps, reusing the convolution frames the");
            w.Line("/// previous window computed (the caller owns the state; one stream per instance). Its scores are <see cref=\"Score(ReadOnlySpan{float})\"/>'s");
            w.Line("/// bit for bit: a window that is not the previous one advanced by the hop is simply computed in full.");
            w.Line("/// </summary>");
            w.Open("public sealed class StreamingScorer : global::EdgeVae.Runtime.IAnomalyScorer");
            string outer = ctx.Options.ClassName;
            w.Line("internal readonly float[] Normalized = new float[" + outer + ".InputLength];");
            w.Line("internal readonly " + act + "[] Code = new " + act + "[" + outer + ".EncoderOutputLength];");
            w.Line("internal readonly " + act + "[] Output = new " + act + "[" + outer + ".InputLength];");
            w.Line("internal readonly " + act + "[] Scratch = new " + act + "[" + outer + ".ScratchLength];");
            w.Line("internal readonly " + act + "[] Previous = new " + act + "[" + outer + ".InputLength];");
            foreach (var s in prefix.Steps)
                if (s.Mode == StepMode.Compute) w.Line("internal readonly " + act + "[] P" + s.Index + " = new " + act + "[" + s.Output.Length + "];");
            foreach (var c in convs) w.Line("internal readonly " + DotNetContext.Contract + "FrameReuse R" + c.Index + ";");
            w.Line("private bool _primed;");
            w.Line();
            w.Line("/// <summary>A stream whose windows advance by <paramref name=\"hop\"/> steps: more than 0, fewer than WindowLength, a multiple of TotalStride.</summary>");
            w.Open("public StreamingScorer(int hop)");
            w.Line("if (hop <= 0 || hop >= WindowLength || hop % TotalStride != 0)");
            w.Line("    throw new ArgumentOutOfRangeException(nameof(hop), hop, \"A streaming hop must be at least 1, less than the window (\" + WindowLength + \" steps) and a multiple of the encoder's total stride (\" + TotalStride + \").\");");
            w.Line("Hop = hop;");
            w.Line("var reuse = " + DotNetContext.Contract + "FrameReuse.Window(WindowLength, hop);");
            w.Line("long saved = 0;");
            foreach (var c in convs)
            {
                var op = (Conv1DOp)c.Op;
                w.Line("reuse = " + DotNetContext.Contract + "FrameReuse.Convolution(reuse, " + op.KernelSize + ", " + op.Stride + ", " + op.Dilation + ", " + op.PaddingLeft + ", " + c.OutputShape.Length + ");");
                w.Line("R" + c.Index + " = reuse;");
                w.Line("saved += (long)reuse.Count * " + (long)op.OutChannels * op.FanIn + ";");
            }
            w.Line("MacsPerHop = MacsPerInference - saved;");
            w.Close();
            w.Line();
            Members(w, ctx.Options.ClassName, "Convolution frames");
            w.Open("public float Score(ReadOnlySpan<float> window, Span<float> channelErrors)");
            w.Line("CheckLength(window.Length, InputLength, nameof(window));");
            DotNetEmitter.NormalizeInput(w, ctx, "window", "Normalized", "Scratch.AsSpan()");
            // Carried over only if the window really is the previous one moved by the hop: compare the input codes.
            w.Line("int kept = InputLength - Hop * Channels;");
            w.Line("bool reuse = _primed && global::System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.Slice(0, kept))");
            w.Line("    .SequenceEqual(global::System.Runtime.InteropServices.MemoryMarshal.AsBytes(Previous.AsSpan(Hop * Channels, kept)));");
            w.Line("x.CopyTo(Previous);");
            w.Line("_primed = true;");
            w.Line("LastReusedFrames = 0;");
            w.Line("RunEncoderStreaming(x, Code, Scratch, this, reuse);");
            w.Line("RunDecoder(Code, Output, Span<" + act + ">.Empty, Scratch);");
            w.Line("return ScoreOf(Normalized, Output, channelErrors);");
            w.Close();
            w.Close();
            w.Line();
            w.Line("/// <summary>The product of the encoder's convolution strides: a streaming hop is a multiple of it.</summary>");
            w.Line("public const int TotalStride = " + prefix.TotalStride + ";");
            w.Line();

            // The encoder with the prefix's tensors in the stream's state; past the prefix, the plan's tensors again.
            w.Open("private static void RunEncoderStreaming(ReadOnlySpan<" + act + "> x, Span<" + act + "> code, Span<" + act + "> scratch, StreamingScorer s, bool reuse)");
            string current = "x";
            TensorRef currentRef = plan.InputTensor;
            for (int i = 0; i <= plan.LatentStep; i++)
            {
                var step = plan.Steps[i];
                bool fromCurrent = SameBuffer(step.Input, currentRef);
                string input = fromCurrent ? Slice(current, step.Input.Length, currentRef.Length) : ctx.Tensor(step.Input);
                if (!inPrefix.Contains(i))
                {
                    switch (step.Mode)
                    {
                        case StepMode.View:
                            if (fromCurrent) currentRef = step.Output;
                            continue;
                        case StepMode.InPlace:
                            steps[i].EmitRun(w, ctx, step, input, input, ctx.Tensor(step.Scratch));
                            continue;
                        case StepMode.Copy:
                            w.Line(input + ".Slice(0, " + step.Output.Length + ").CopyTo(" + ctx.Tensor(step.Output) + ");");
                            break;
                        default:
                            steps[i].EmitRun(w, ctx, step, input, ctx.Tensor(step.Output), ctx.Tensor(step.Scratch));
                            break;
                    }
                    current = ctx.Tensor(step.Output);
                    currentRef = step.Output;
                    continue;
                }
                if (step.Mode == StepMode.View)
                {
                    currentRef = step.Output;
                    continue;
                }
                switch (step.Op)
                {
                    case TransposeOp _:
                        steps[i].EmitRun(w, ctx, step, input, "s.P" + i, ctx.Tensor(step.Scratch));
                        current = "s.P" + i;
                        break;
                    case Conv1DOp conv:
                    {
                        // Frames [First, End) move by Shift within each output channel's row; the others are computed.
                        string output = "s.P" + i, scratch = ctx.Tensor(step.Scratch);
                        int frames = step.OutputShape.Length;
                        w.Open("if (reuse && s.R" + i + ".Count > 0)");
                        w.Line("var r = s.R" + i + ";");
                        w.Line("for (int o = 0; o < " + conv.OutChannels + "; o++) " + output + ".AsSpan(o * " + frames + " + r.First + r.Shift, r.Count).CopyTo(" + output + ".AsSpan(o * " + frames + " + r.First, r.Count));");
                        Conv1DStep.Instance.EmitFrames(w, ctx, step, input, output, scratch, "0", "r.First");
                        Conv1DStep.Instance.EmitFrames(w, ctx, step, input, output, scratch, "r.End", "-1");
                        w.Line("s.LastReusedFrames += r.Count;");
                        w.Close();
                        w.Open("else");
                        steps[i].EmitRun(w, ctx, step, input, output, scratch);
                        w.Close();
                        current = output;
                        break;
                    }
                    default:
                    {
                        // An activation in place over the convolution before it: the carried-over frames already hold its output.
                        var conv = LastConvolution(prefix, i);
                        int frames = step.OutputShape.Length, channels = step.OutputShape.Channels;
                        w.Open("if (reuse && s.R" + conv.Index + ".Count > 0)");
                        w.Line("var r = s.R" + conv.Index + ";");
                        w.Open("for (int o = 0; o < " + channels + "; o++)");
                        w.Line("var row = " + current + ".AsSpan(o * " + frames + ", " + frames + ");");
                        steps[i].EmitRun(w, ctx, step, "row.Slice(0, r.First)", "row.Slice(0, r.First)", "");
                        steps[i].EmitRun(w, ctx, step, "row.Slice(r.End)", "row.Slice(r.End)", "");
                        w.Close();
                        w.Close();
                        w.Open("else");
                        steps[i].EmitRun(w, ctx, step, current, current, "");
                        w.Close();
                        break;
                    }
                }
                currentRef = step.Output;
            }
            w.Close();
            w.Line();
        }

        private static PlannedStep LastConvolution(StreamingPrefix prefix, int before)
        {
            PlannedStep? found = null;
            foreach (var s in prefix.Steps) if (s.Index < before && s.Op is Conv1DOp) found = s;
            return found!;
        }

        private static bool SameBuffer(TensorRef a, TensorRef b) => a.Home == b.Home && a.Offset == b.Offset && a.Length <= b.Length && b.Offset >= 0;

        /// <summary>The first <paramref name="length"/> values of a tensor: the stream's own arrays (<c>s.P…</c>) or a span expression.</summary>
        private static string Slice(string expression, int length, int full) =>
            length == full ? expression : expression + (expression.StartsWith("s.P", System.StringComparison.Ordinal) ? ".AsSpan(0, " : ".Slice(0, ") + length + ")";

        /// <summary>
        /// What every streaming scorer has besides its state and its Score: Hop, MacsPerHop, LastReusedFrames (of
        /// <paramref name="reused"/>), the scorer interface's members, Reset and the one-argument Score.
        /// </summary>
        internal static void Members(IndentedWriter w, string outer, string reused)
        {
            w.Line("/// <summary>Steps between consecutive windows.</summary>");
            w.Line("public int Hop { get; }");
            w.Line();
            w.Line("/// <summary>Multiply-accumulates of one window when the previous window's frames carry over (MacsPerInference for the first).</summary>");
            w.Line("public long MacsPerHop { get; }");
            w.Line();
            w.Line("/// <summary>" + reused + " the last call moved instead of computing (0 when it computed the whole window).</summary>");
            w.Line("public int LastReusedFrames { get; internal set; }");
            w.Line();
            w.Line("public int InputLength => " + outer + ".InputLength;");
            w.Line("public int Channels => " + outer + ".Channels;");
            w.Line("public int WindowLength => " + outer + ".WindowLength;");
            w.Line("public float Threshold => " + outer + ".Threshold;");
            w.Line();
            w.Line("/// <summary>Forgets the previous window: the next one is computed in full.</summary>");
            w.Line("public void Reset() => _primed = false;");
            w.Line();
            w.Line("/// <summary>The score of <paramref name=\"window\"/>, the previous window advanced by Hop steps.</summary>");
            w.Line("public float Score(ReadOnlySpan<float> window) => Score(window, Span<float>.Empty);");
            w.Line();
            w.Line("/// <summary>The score and each channel's share of it (length Channels, or empty).</summary>");
        }
    }
}
