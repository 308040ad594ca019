using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// A 1-D convolution on <c>[in_channels × length]</c> (PyTorch's <c>nn.Conv1d</c> without the batch dimension):
    /// y[o, j] = b[o] + Σ_c Σ_t W[o, c, t] · x[c, j·stride − padding_left + t·dilation], with zeros outside the input.
    /// W is [out_channels × in_channels × kernel_size] row-major, as PyTorch stores it.
    /// </summary>
    public sealed record Conv1DOp(string Name, int InChannels, int OutChannels, int KernelSize, int Stride, int Dilation,
        int PaddingLeft, int PaddingRight, EquatableArray<float> Weight, EquatableArray<float> Bias) : Op(Name)
    {
        public const string TypeName = "conv1d";

        public const int MaxKernel = 1024;

        public override string Type => TypeName;

        public int FanIn => InChannels * KernelSize;

        public override long ParameterCount => (long)OutChannels * FanIn + OutChannels;

        public override long Macs(TensorShape input) => (long)OutChannels * FanIn * OutputLength(input.Length);

        /// <summary>The packed kernel gathers the receptive fields of a few frames and their outputs (<see cref="Contract.PackedDenseLayout.ConvolutionScratch"/>).</summary>
        public override int ScratchValues(TensorShape input, bool packedKernels) => packedKernels ? Contract.PackedDenseLayout.ConvolutionScratch(FanIn, OutChannels) : 0;

        public bool IsUninitialized => Weight.Count == 0;

        /// <summary>Output frames for <paramref name="length"/> input frames (PyTorch's formula), possibly ≤ 0.</summary>
        public int OutputLength(int length) => (length + PaddingLeft + PaddingRight - Dilation * (KernelSize - 1) - 1) / Stride + 1;

        /// <summary>The first input frame output frame <paramref name="j"/> reads (negative inside the left padding).</summary>
        public int FirstInput(int j) => j * Stride - PaddingLeft;

        /// <summary>The last input frame output frame <paramref name="j"/> reads.</summary>
        public int LastInput(int j) => j * Stride - PaddingLeft + Dilation * (KernelSize - 1);

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 2) throw Error("takes [channels × length] but gets " + input + "; reshape the window to [length × channels] and transpose it");
            if (input.Channels != InChannels) throw Error("takes " + InChannels + " channels but the previous op gives " + input.Channels + " (" + input + ")");
            if (PaddingLeft >= Dilation * (KernelSize - 1) + 1 || PaddingRight >= Dilation * (KernelSize - 1) + 1)
                throw Error("pads " + PaddingLeft + " and " + PaddingRight + " frames for a kernel spanning " + (Dilation * (KernelSize - 1) + 1) + "; padding must be smaller than the kernel's span");
            int length = OutputLength(input.Length);
            if (length < 1) throw Error("gets " + input.Length + " frames, fewer than its kernel spans (" + (Dilation * (KernelSize - 1) + 1) + " with padding " + PaddingLeft + "+" + PaddingRight + ")");
            if (!IsUninitialized && (Weight.Count != (long)OutChannels * FanIn || Bias.Count != OutChannels))
                throw Error("holds " + Weight.Count + " weights and " + Bias.Count + " biases; " + OutChannels + " × " + InChannels + " × " + KernelSize + " needs " + (long)OutChannels * FanIn + " and " + OutChannels);
            return TensorShape.Sequence(OutChannels, length);
        }

        public override void WriteMembers(OpWriter w)
        {
            w.Int("in_channels", InChannels);
            w.Int("out_channels", OutChannels);
            w.Int("kernel_size", KernelSize);
            w.Int("stride", Stride);
            w.Int("dilation", Dilation);
            w.Ints("padding", PaddingLeft, PaddingRight);
            w.Tensor("weight", Weight, OutChannels, InChannels, KernelSize);
            w.Tensor("bias", Bias, OutChannels);
        }

        internal static Conv1DOp Read(MemberReader r, string name)
        {
            int inChannels = r.Int("in_channels", 1, TensorShape.MaxSize), outChannels = r.Int("out_channels", 1, TensorShape.MaxSize);
            int kernel = r.Int("kernel_size", 1, MaxKernel), stride = r.Int("stride", 1, MaxKernel), dilation = r.Int("dilation", 1, MaxKernel);
            int[] padding = r.Ints("padding", 2, 0, MaxKernel * MaxKernel);
            long weights = (long)outChannels * inChannels * kernel;
            if (weights > DenseOp.MaxWeights)
                throw new ModelFormatException(ModelFormatError.TooLarge, r.What + " has " + weights + " weights, over the limit of " + DenseOp.MaxWeights, r.Value.Line, r.Value.Column);
            return new Conv1DOp(name, inChannels, outChannels, kernel, stride, dilation, padding[0], padding[1],
                new EquatableArray<float>(r.Floats("weight", (int)weights, shape: new[] { outChannels, inChannels, kernel })), new EquatableArray<float>(r.Floats("bias", outChannels)));
        }

        /// <summary>Padding that keeps ⌈length / stride⌉ frames (TensorFlow's "same"), the extra frame on the right.</summary>
        public static (int Left, int Right) SamePadding(int length, int kernel, int stride, int dilation)
        {
            int output = (length + stride - 1) / stride;
            int total = System.Math.Max((output - 1) * stride + dilation * (kernel - 1) + 1 - length, 0);
            return (total / 2, total - total / 2);
        }
    }
}
