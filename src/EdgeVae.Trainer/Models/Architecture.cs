using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.Models;

/// <summary>
/// The graph an <see cref="AutoencoderConfig"/> describes, its weights still to be drawn. Dense models are
/// normalize → (dense, activation)… → code → (dense, activation)… → reconstruction. Convolutional ones see the window
/// as [length × channels], transpose it to [channels × length] for their convolutions (same padding, so each keeps
/// ⌈length / stride⌉ frames), flatten into the dense layers and the code, and mirror all of it in the decoder: dense,
/// unflatten, then for each convolution an upsample by its stride and a stride-1 convolution, and the transpose back.
/// The names (encoder.0, decoder.1, …) are the parameters' names in files and safetensors.
/// </summary>
public static class Architecture
{
    public static ModelGraph Build(AutoencoderConfig c)
    {
        c.Validate();
        var ops = new List<Op>(c.FrontEnd)
        {
            new NormalizeOp("normalize", NormalizationMethod.None, new EquatableArray<float>(new float[c.InputSize]), new EquatableArray<float>(Enumerable.Repeat(1f, c.InputSize).ToArray())),
        };
        int index = 0;
        var shape = TensorShape.Features(c.InputSize);
        var lengths = new List<int>();
        if (c.Convolutions.Length > 0)
        {
            if (c.Window <= 0 || c.Channels * c.Window != c.InputSize)
                throw new ArgumentException("--encoder conv:… needs time windows (channels × window steps); this data is not a time series. Use dense layers (--hidden).");
            ops.Add(new ReshapeOp("window", TensorShape.Sequence(c.Window, c.Channels)));
            ops.Add(new TransposeOp("channels_first"));
            int channels = c.Channels, length = c.Window;
            foreach (var conv in c.Convolutions)
            {
                if (length % conv.Stride != 0)
                    throw new ArgumentException($"--encoder: {conv} gets {length} frames, not a multiple of its stride {conv.Stride}, so the decoder's upsampling could not restore them; choose a window divisible by the product of the strides.");
                lengths.Add(length);
                var (left, right) = Conv1DOp.SamePadding(length, conv.Kernel, conv.Stride, conv.Dilation);
                string name = "encoder." + index++;
                ops.Add(new Conv1DOp(name, channels, conv.Channels, conv.Kernel, conv.Stride, conv.Dilation, left, right, EquatableArray<float>.Empty, EquatableArray<float>.Empty));
                ops.Add(new ActivationOp(name + "." + ActivationMath.Name(c.Activation), c.Activation));
                channels = conv.Channels;
                length /= conv.Stride;
            }
            shape = TensorShape.Sequence(channels, length);
            ops.Add(new ReshapeOp("flatten", TensorShape.Features((int)shape.Size)));
        }
        int width = (int)shape.Size;
        // The MLPerf reference's Dense–BatchNorm–activation (folded into the dense layer in the model file).
        void Normalized(string dense, int features)
        {
            if (c.BatchNorm) ops.Add(new BatchNormOp(dense + ".bn", features, 1e-5, EquatableArray<float>.Empty, EquatableArray<float>.Empty, EquatableArray<float>.Empty, EquatableArray<float>.Empty));
        }
        foreach (int h in c.Hidden)
        {
            string name = "encoder." + index++;
            ops.Add(new DenseOp(name, width, h, EquatableArray<float>.Empty, EquatableArray<float>.Empty));
            Normalized(name, h);
            ops.Add(new ActivationOp(name + "." + ActivationMath.Name(c.Activation), c.Activation));
            width = h;
        }
        bool vae = c.Kind == ModelKind.Variational;
        string code = "encoder." + index;
        ops.Add(new DenseOp(code, width, vae ? 2 * c.Latent : c.Latent, EquatableArray<float>.Empty, EquatableArray<float>.Empty));
        // The bottleneck too, as the reference has it, except a VAE's: μ and log σ² are not features to standardise.
        if (c.BatchNorm && !vae)
        {
            Normalized(code, c.Latent);
            code += ".bn";
        }
        if (c.CodeActivation != ActivationFunction.Identity)
        {
            code += "." + ActivationMath.Name(c.CodeActivation);
            ops.Add(new ActivationOp(code, c.CodeActivation));
        }
        if (vae)
        {
            code += ".gaussian";
            ops.Add(new GaussianHeadOp(code));
        }

        // The decoder mirrors the encoder.
        index = 0;
        width = c.Latent;
        var denseOut = c.Hidden.Reverse().Append((int)shape.Size).ToArray();
        bool convolutional = c.Convolutions.Length > 0;
        for (int i = 0; i < denseOut.Length; i++)
        {
            bool output = i == denseOut.Length - 1 && !convolutional;
            string name = "decoder." + index++;
            ops.Add(new DenseOp(name, width, denseOut[i], EquatableArray<float>.Empty, EquatableArray<float>.Empty));
            if (!output) Normalized(name, denseOut[i]);
            if (!output) ops.Add(new ActivationOp(name + "." + ActivationMath.Name(c.Activation), c.Activation));
            width = denseOut[i];
        }
        if (convolutional)
        {
            ops.Add(new ReshapeOp("unflatten", shape));
            int channels = shape.Channels, length = shape.Length;
            for (int i = c.Convolutions.Length - 1; i >= 0; i--)
            {
                var conv = c.Convolutions[i];
                int outChannels = i > 0 ? c.Convolutions[i - 1].Channels : c.Channels;
                string name = "decoder." + index++;
                ops.Add(new UpsampleOp(name + ".upsample", conv.Stride));
                length *= conv.Stride;
                var (left, right) = Conv1DOp.SamePadding(length, conv.Kernel, 1, conv.Dilation);
                ops.Add(new Conv1DOp(name, channels, outChannels, conv.Kernel, 1, conv.Dilation, left, right, EquatableArray<float>.Empty, EquatableArray<float>.Empty));
                if (i > 0) ops.Add(new ActivationOp(name + "." + ActivationMath.Name(c.Activation), c.Activation));
                channels = outChannels;
            }
            ops.Add(new TransposeOp("channels_last"));
            ops.Add(new ReshapeOp("interleave", TensorShape.Features(c.InputSize)));
        }
        if (c.OutputActivation != ActivationFunction.Identity)
            ops.Add(new ActivationOp("decoder." + (index - 1) + "." + ActivationMath.Name(c.OutputActivation), c.OutputActivation));
        var graph = new ModelGraph(TensorShape.Features(c.FrontEnd.Length > 0 ? c.RawInputSize : c.InputSize), new EquatableArray<Op>(ops.ToArray()), code);
        try
        {
            graph.Validate(c.Kind, c.Reconstruction);
        }
        catch (GraphException e)
        {
            throw new ArgumentException("The architecture does not hold together: " + e.Message);
        }
        return graph;
    }
}
