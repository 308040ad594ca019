using System.Linq;

namespace EdgeVae.Compiler.Emitters.DotNet
{
    /// <summary>
    /// The streaming scorer of a model with a front-end: a nested <c>StreamingScorer</c> for windows that advance by a hop
    /// (a multiple of every branch's frame hop). A frame's features depend on that frame's samples only, so the frames a
    /// window shares with the one before — in each branch all but the last hop / FrameHop (a raw branch's frames are its
    /// steps) — are moved from the previous window's features, as TensorFlow Lite Micro's micro_speech keeps its feature
    /// frames; only the new frames go through the front-end. The
    /// network runs in full. It checks that the window really is the previous one advanced by the hop (the raw samples,
    /// bit for bit) and computes every frame when it is not, so its scores are <c>Score</c>'s whatever it is given.
    /// </summary>
    internal static class FrontEndStreamingEmitter
    {
        public static void Emit(IndentedWriter w, DotNetContext ctx, FrontEndLayout layout)
        {
            string act = ctx.Act, outer = ctx.Options.ClassName;
            w.Line("/// <summary>");
            w.Line("/// Scores a stream of windows that advance by <see cref=\"StreamingScorer.Hop\"/> steps, reusing the feature frames the previous");
            w.Line("/// window computed (the caller owns the state; one stream per instance). Its scores are <see cref=\"Score(ReadOnlySpan{float})\"/>'s");
            w.Line("/// bit for bit: a window that is not the previous one advanced by the hop is simply computed in full.");
            w.Line("/// </summary>");
            w.Open("public sealed class StreamingScorer : global::EdgeVae.Runtime.IAnomalyScorer");
            w.Line("internal readonly float[] Previous = new float[" + outer + ".InputLength];");
            w.Line("internal readonly float[] Features = new float[" + outer + ".FeatureLength];");
            w.Line("internal readonly float[] Normalized = new float[" + outer + ".FeatureLength];");
            w.Line("internal readonly " + act + "[] Code = new " + act + "[" + outer + ".EncoderOutputLength];");
            w.Line("internal readonly " + act + "[] Output = new " + act + "[" + outer + ".FeatureLength];");
            w.Line("internal readonly " + act + "[] Scratch = new " + act + "[" + outer + ".ScratchLength];");
            w.Line("private bool _primed;");
            w.Line();
            w.Line("/// <summary>A stream whose windows advance by <paramref name=\"hop\"/> steps: more than 0, fewer than WindowLength, a multiple of FrameHop.</summary>");
            w.Open("public StreamingScorer(int hop)");
            w.Line("if (hop <= 0 || hop >= WindowLength || hop % FrameHop != 0)");
            w.Line("    throw new ArgumentOutOfRangeException(nameof(hop), hop, \"A streaming hop must be at least 1, less than the window (\" + WindowLength + \" steps) and a multiple of the front-end's frame hop (\" + FrameHop + \").\");");
            w.Line("Hop = hop;");
            // Each branch's carried-over frames save their share of its multiply-accumulates.
            var saved = layout.Parts.Where(p => p.Branch.Macs > 0).Select(p => "(long)(" + p.Branch.Frames + " - Math.Min(hop / " + p.Branch.FrameHop + ", " + p.Branch.Frames + ")) * " + p.Branch.Macs / p.Branch.Frames);
            w.Line("MacsPerHop = MacsPerInference" + string.Concat(saved.Select(x => " - " + x)) + ";");
            w.Close();
            w.Line();
            StreamingEmitter.Members(w, outer, "Feature frames");
            w.Open("public float Score(ReadOnlySpan<float> window, Span<float> channelErrors)");
            w.Line("CheckLength(window.Length, InputLength, nameof(window));");
            w.Line("int kept = InputLength - Hop * Channels;");
            w.Line("bool reuse = _primed && global::System.Runtime.InteropServices.MemoryMarshal.AsBytes(window.Slice(0, kept))");
            w.Line("    .SequenceEqual(global::System.Runtime.InteropServices.MemoryMarshal.AsBytes(Previous.AsSpan(Hop * Channels, kept)));");
            w.Line("window.CopyTo(Previous);");
            w.Line("_primed = true;");
            w.Open("if (reuse)");
            layout.EmitCarryOver(w, "Features", "Hop");
            w.Line("LastReusedFrames = reused;");
            w.Close();
            w.Open("else");
            w.Line("ComputeFeatures(window, Features, 0);");
            w.Line("LastReusedFrames = 0;");
            w.Close();
            DotNetEmitter.NormalizeInput(w, ctx, "Features", "Normalized", "Scratch.AsSpan()");
            w.Line("RunEncoder(x, Code, Scratch);");
            w.Line("RunDecoder(Code, Output, Span<" + act + ">.Empty, Scratch);");
            w.Line("return ScoreOf(Normalized, Output, channelErrors);");
            w.Close();
            w.Close();
        }
    }
}
