using System;

namespace EdgeVae.Contract
{
    /// <summary>
    /// Which frames of a convolution's output a window shares with the window before it, when windows advance by a hop: the
    /// arithmetic of a streaming scorer. A range [First, End) of a tensor's frames "carries over" when frame j of the new window
    /// equals frame j + Shift of the previous one. For the window itself (time steps) that is [0, length − hop) with shift hop.
    /// A convolution's output frame j carries over exactly when every input frame it reads lies in its input's carried-over
    /// range — then it reads the same values as the previous window's frame j + shift/stride — and never when it reads padding:
    /// the frames near the edges, and the new ones, are computed again. So reusing carried-over frames gives the integers of
    /// recomputing the whole window, bit for bit. Part of the contract because the compiler reports MACs per hop by it
    /// and the generated streaming scorer moves frames by it.
    /// </summary>
    public readonly record struct FrameReuse(int First, int End, int Shift)
    {
        /// <summary>Frames carried over.</summary>
        public int Count => End - First;

        /// <summary>The window's own time steps when it advances by <paramref name="hop"/> of <paramref name="length"/>.</summary>
        public static FrameReuse Window(int length, int hop)
        {
            if (hop <= 0 || hop >= length) throw new ArgumentOutOfRangeException(nameof(hop), hop, "A streaming hop is at least 1 and less than the window (" + length + " steps).");
            return new FrameReuse(0, length - hop, hop);
        }

        /// <summary>
        /// The output frames a convolution carries over, given its input's: output frame j reads input frames
        /// j·stride − paddingLeft + t·dilation, t in [0, kernel). The input's shift must be a multiple of the stride (the hop a
        /// multiple of the encoder's total stride), or the new frames fall between the old ones and nothing carries over.
        /// </summary>
        public static FrameReuse Convolution(FrameReuse input, int kernel, int stride, int dilation, int paddingLeft, int outLength)
        {
            if (input.Shift % stride != 0 || input.Count <= 0) return new FrameReuse(0, 0, input.Shift / stride);
            int span = dilation * (kernel - 1);
            int first = CeilDiv(input.First + paddingLeft, stride);
            int end = FloorDiv(input.End - 1 - span + paddingLeft, stride) + 1;
            first = Math.Max(first, 0);
            end = Math.Min(end, outLength);
            return end > first ? new FrameReuse(first, end, input.Shift / stride) : new FrameReuse(0, 0, input.Shift / stride);
        }

        private static int CeilDiv(int a, int b) => -FloorDiv(-a, b);

        private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
    }
}
