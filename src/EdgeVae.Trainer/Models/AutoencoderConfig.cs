using EdgeVae.Numerics.Nn;
using System.Globalization;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.Models;

/// <summary>A convolution of the encoder: out_channels, kernel_size, stride and dilation (the decoder mirrors it).</summary>
public sealed record ConvLayerSpec(int Channels, int Kernel, int Stride, int Dilation = 1)
{
    public override string ToString() => Dilation == 1
        ? string.Create(CultureInfo.InvariantCulture, $"conv:{Channels}:{Kernel}:{Stride}")
        : string.Create(CultureInfo.InvariantCulture, $"conv:{Channels}:{Kernel}:{Stride}:{Dilation}");
}

/// <summary>The architecture and objective of one autoencoder (what <c>edgevae train</c>'s model options describe).</summary>
public sealed record AutoencoderConfig
{
    public ModelKind Kind { get; init; } = ModelKind.Autoencoder;

    /// <summary>The network's input: features per sample (the front-end's output when there is one).</summary>
    public int InputSize { get; init; }

    /// <summary>
    /// <c>--features</c> as given (<see cref="FrontEnd.FeatureSpec"/>), or null for the raw window: kept with the run so a
    /// resumed run rebuilds the same front-end from the same data.
    /// </summary>
    public string? Features { get; init; }

    /// <summary>The front-end's ops for this data (empty: none), built from <see cref="Features"/> and the training data.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Compiler.Graph.Op[] FrontEnd { get; init; } = [];

    /// <summary>
    /// A batch normalisation after every dense layer but the output (the MLPerf Tiny AD reference's Dense–BatchNorm–ReLU),
    /// trained with batch statistics and folded into its dense layer for the model file.
    /// </summary>
    public bool BatchNorm { get; init; }

    /// <summary>Raw values per sample the front-end takes (its input); 0 without a front-end.</summary>
    public int RawInputSize { get; init; }

    /// <summary>Interleaved channels per time step of the input (convolutions need a window).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Time steps per window, or 0 when the input is not a time window.</summary>
    public int Window { get; init; }

    /// <summary>The encoder's convolutions, input side first, before its dense layers; the decoder mirrors them.</summary>
    public ConvLayerSpec[] Convolutions { get; init; } = [];

    /// <summary>Encoder hidden widths (dense, after the convolutions), input side first; the decoder mirrors them.</summary>
    public int[] Hidden { get; init; } = [256, 64];

    public int Latent { get; init; } = 16;

    /// <summary>The hidden layers' nonlinearity.</summary>
    public ActivationFunction Activation { get; init; } = ActivationFunction.Relu;

    /// <summary>The VAE's decoder likelihood; the other kinds use squared error (Gaussian).</summary>
    public ReconstructionKind Reconstruction { get; init; } = ReconstructionKind.Gaussian;

    /// <summary>Sparse AE only.</summary>
    public SparsityPenalty? Sparsity { get; init; }

    /// <summary>Denoising AE only.</summary>
    public Corruption? Corruption { get; init; }

    /// <summary>
    /// How new weights are drawn: null for EdgeVae's choice per layer (He uniform before a ReLU-like activation, Xavier
    /// uniform otherwise), or one scheme for every layer — <see cref="Init.PyTorchDefault"/> is what PyTorch's nn.Linear
    /// and nn.Conv1d start from.
    /// </summary>
    public Init? WeightInit { get; init; }

    /// <summary><c>--init</c>'s values and their schemes.</summary>
    public static readonly IReadOnlyDictionary<string, Init?> InitNames = new Dictionary<string, Init?>
    {
        ["auto"] = null,
        ["he"] = Init.HeUniform,
        ["xavier"] = Init.XavierUniform,
        ["pytorch"] = Init.PyTorchDefault,
    };

    /// <summary>The <c>--init</c> name of <see cref="WeightInit"/>.</summary>
    public string InitName => InitNames.First(kv => kv.Value == WeightInit).Key;

    /// <summary>VAE: weight of the KL term (β-VAE); 1 is the ELBO.</summary>
    public double Beta { get; init; } = 1;

    /// <summary>VAE: epochs over which the KL weight rises linearly from 0 to β (0 = no warm-up).</summary>
    public int KlWarmupEpochs { get; init; }

    /// <summary>The code layer's nonlinearity: sigmoid for the KL sparsity penalty (ρ̂ must be a probability), ReLU for L1, else identity.</summary>
    public ActivationFunction CodeActivation => Kind == ModelKind.Sparse
        ? Sparsity?.Kind == SparsityKind.KlDivergence ? ActivationFunction.Sigmoid : ActivationFunction.Relu
        : ActivationFunction.Identity;

    /// <summary>The decoder's output nonlinearity: sigmoid for Bernoulli (training sees the logits), else identity.</summary>
    public ActivationFunction OutputActivation => Reconstruction == ReconstructionKind.Bernoulli ? ActivationFunction.Sigmoid : ActivationFunction.Identity;

    /// <summary>The encoder as <c>--encoder</c> spells it.</summary>
    public string EncoderSpec => string.Join(',', Convolutions.Select(c => c.ToString()).Concat(Hidden.Select(h => "dense:" + h.ToString(CultureInfo.InvariantCulture))));

    /// <summary>This architecture for samples of <paramref name="data"/>: its width, channels and window.</summary>
    public AutoencoderConfig SizedFor(Data.Dataset data) => this with { InputSize = data.Width, Channels = data.Channels, Window = data.Window };

    public void Validate()
    {
        if (InputSize <= 0) throw new ArgumentException("The input size must be positive.");
        if (Latent <= 0) throw new ArgumentException($"--latent must be positive (got {Latent}).");
        if (Hidden.Any(h => h <= 0)) throw new ArgumentException($"--hidden widths must be positive (got {string.Join(',', Hidden)}).");
        if (Convolutions.Any(c => c.Channels <= 0 || c.Kernel <= 0 || c.Stride <= 0 || c.Dilation <= 0))
            throw new ArgumentException($"--encoder: a convolution needs positive channels, kernel, stride and dilation (got {EncoderSpec}).");
        if (Kind == ModelKind.Sparse && Sparsity is null) throw new ArgumentException("A sparse autoencoder needs --sparsity l1:WEIGHT or kl:RHO:WEIGHT.");
        if (Kind == ModelKind.Denoising && Corruption is null) throw new ArgumentException("A denoising autoencoder needs --noise gaussian:STD, mask:P or impulse:P.");
        if (Kind != ModelKind.Variational && Reconstruction == ReconstructionKind.Bernoulli)
            throw new ArgumentException("--reconstruction bernoulli is for --kind vae; the other autoencoders use squared error.");
        if (!(Beta >= 0) || double.IsInfinity(Beta)) throw new ArgumentException($"--beta must be a finite number ≥ 0 (got {Beta}).");
        if (KlWarmupEpochs < 0) throw new ArgumentException("--kl-warmup must be ≥ 0 epochs.");
    }

    /// <summary>
    /// Parses <c>--encoder</c>: comma-separated <c>conv:CHANNELS:KERNEL:STRIDE[:DILATION]</c> layers followed by
    /// <c>dense:WIDTH</c> layers, e.g. <c>conv:16:5:2,conv:32:5:2,dense:64</c>.
    /// </summary>
    public static (ConvLayerSpec[] Convolutions, int[] Hidden) ParseEncoder(string text)
    {
        var convs = new List<ConvLayerSpec>();
        var dense = new List<int>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] p = item.Split(':');
            var n = new List<int>();
            bool ok = true;
            foreach (string part in p.Skip(1))
            {
                ok = int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0;
                if (!ok) break;
                n.Add(v);
            }
            if (ok && p[0] == "conv" && n.Count is 3 or 4)
            {
                if (dense.Count > 0) throw new ArgumentException($"--encoder \"{text}\": convolutions come before the dense layers (\"{item}\" follows a dense layer).");
                convs.Add(new ConvLayerSpec(n[0], n[1], n[2], n.Count == 4 ? n[3] : 1));
            }
            else if (ok && p[0] == "dense" && n.Count == 1) dense.Add(n[0]);
            else throw new ArgumentException($"--encoder \"{text}\": \"{item}\" is neither conv:CHANNELS:KERNEL:STRIDE[:DILATION] nor dense:WIDTH (e.g. conv:16:5:2,conv:32:5:2,dense:64).");
        }
        return (convs.ToArray(), dense.ToArray());
    }
}
