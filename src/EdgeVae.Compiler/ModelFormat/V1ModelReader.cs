using System.Collections.Generic;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Json;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>
    /// Format version 1, upgraded on read: a list of dense layers with roles (encoder, decoder), each with its activation
    /// and the ranges calibration saw before and after it, the normalisation apart, and the rule "the decoder starts from
    /// the code (μ for a VAE)" implied. It becomes the graph normalize → dense → activation → … with a gaussian_head after
    /// a VAE's last encoder layer, and every range where the quantizer of version 1 read it, so the upgraded model gives
    /// version 1's integers bit for bit.
    /// </summary>
    internal static class V1ModelReader
    {
        public const int MaxLayers = 64;

        public static ModelDescription Read(MemberReader r)
        {
            string name = r.String("name");
            var kind = ModelFileReader.Kind(r);
            var input = r.Object("input");
            int inputSize = input.Int("size", 1, TensorShape.MaxSize);
            int channels = input.Int("channels", 1, inputSize);
            var windowValue = input.Required("window", JsonKind.Number);
            int window = input.WholeNumber(windowValue, "window", 0, inputSize);
            if (window > 0 && (long)window * channels != inputSize)
                throw MemberReader.Inconsistent(windowValue, "input.window (" + window + ") × input.channels (" + channels + ") must equal input.size (" + inputSize + ")");
            var names = ModelFileReader.ChannelNames(input, "channel_names", channels);
            var latentValue = r.Required("latent", JsonKind.Number);
            int latent = r.WholeNumber(latentValue, "latent", 1, TensorShape.MaxSize);
            var reconstruction = ModelFileReader.Reconstruction(r);

            var norm = r.Object("normalization");
            var methodValue = norm.Required("method", JsonKind.String);
            var method = methodValue.Text switch
            {
                "none" => NormalizationMethod.None,
                "minmax" => NormalizationMethod.MinMax,
                "zscore" => NormalizationMethod.ZScore,
                _ => throw MemberReader.Inconsistent(methodValue, "normalization.method must be \"none\", \"minmax\" or \"zscore\""),
            };
            var offset = norm.Floats("offset", inputSize, "normalization.offset");
            var scale = norm.Floats("scale", inputSize, "normalization.scale");
            for (int i = 0; i < scale.Length; i++)
                if (scale[i] == 0) throw MemberReader.Inconsistent(norm.Value.Get("scale") ?? norm.Value, "normalization.scale[" + i + "] is zero");
            var inputRange = ValueRange.Unknown;
            var calibration = r.Optional("calibration");
            if (calibration != null) inputRange = new MemberReader(calibration, "calibration", null).Range("input_range");

            var ops = new List<Op> { new NormalizeOp("normalize", method, new EquatableArray<float>(offset), new EquatableArray<float>(scale)) { Range = inputRange } };
            var positions = new List<JsonValue> { norm.Value };
            string latentOp = ReadLayers(r.Required("layers", JsonKind.Array), kind, inputSize, latent, r.Tensors, ops, positions);
            var graph = new ModelGraph(TensorShape.Features(inputSize), new EquatableArray<Op>(ops.ToArray()), latentOp);
            ModelFileReader.Validate(graph, kind, reconstruction, positions, r.Value);
            return new ModelDescription(1, name, kind, reconstruction, new DataContract(channels, window, 0, 0, names), graph,
                ModelFileReader.ReadThresholds(r.Optional("thresholds"), inputSize), ModelFileReader.Training(r.Optional("training")));
        }

        /// <summary>Appends each layer's ops; returns the latent op's name.</summary>
        private static string ReadLayers(JsonValue array, ModelKind kind, int inputSize, int latent, ITensorSource? tensors, List<Op> ops, List<JsonValue> positions)
        {
            if (array.Items.Count < 2) throw MemberReader.Inconsistent(array, "a model needs at least one encoder and one decoder layer");
            if (array.Items.Count > MaxLayers) throw new ModelFormatException(ModelFormatError.TooLarge, "the model has " + array.Items.Count + " layers, over the limit of " + MaxLayers, array.Line, array.Column);
            int width = inputSize, encoders = 0, decoders = 0;
            bool inDecoder = false, vae = kind == ModelKind.Variational;
            int encoderOut = vae ? 2 * latent : latent;
            string latentOp = "";
            foreach (var item in array.Items)
            {
                if (item.Kind != JsonKind.Object) throw MemberReader.Unparsable(item, "each layer must be an object");
                var l = new MemberReader(item, "a layer", tensors);
                string name = l.String("name");
                var roleValue = l.Required("role", JsonKind.String);
                bool decoder = roleValue.Text == "decoder";
                if (!decoder && roleValue.Text != "encoder") throw MemberReader.Inconsistent(roleValue, "layer role must be \"encoder\" or \"decoder\"");
                if (!decoder && inDecoder) throw MemberReader.Inconsistent(roleValue, "encoder layers must all come before the decoder layers");
                if (decoder && !inDecoder)
                {
                    if (width != encoderOut) throw MemberReader.Inconsistent(item, "the encoder ends with width " + width + " but the " + (vae ? "VAE's μ and log σ² need 2 × latent = " : "latent size is ") + encoderOut);
                    latentOp = ops[ops.Count - 1].Name;
                    if (vae)
                    {
                        // The rule version 1 left implied: the decoder starts from μ.
                        ops.Add(new GaussianHeadOp(latentOp + ".gaussian") { Range = ops[ops.Count - 1].Range });
                        positions.Add(item);
                        latentOp = ops[ops.Count - 1].Name;
                    }
                    inDecoder = true;
                    width = latent;
                }
                var inValue = l.Required("in", JsonKind.Number);
                int inFeatures = l.WholeNumber(inValue, "in", 1, TensorShape.MaxSize);
                int outFeatures = l.Int("out", 1, TensorShape.MaxSize);
                if (inFeatures != width) throw MemberReader.Inconsistent(inValue, "layer \"" + JsonParser.Printable(name) + "\" takes " + inFeatures + " inputs but the previous width is " + width);
                var actValue = l.Required("activation", JsonKind.String);
                if (!ActivationMath.TryParse(actValue.Text, out var activation))
                    throw MemberReader.Inconsistent(actValue, "unknown activation \"" + JsonParser.Printable(actValue.Text) + "\"");
                long weights = (long)inFeatures * outFeatures;
                if (weights > DenseOp.MaxWeights)
                    throw new ModelFormatException(ModelFormatError.TooLarge, "layer \"" + JsonParser.Printable(name) + "\" has " + weights + " weights, over the limit of " + DenseOp.MaxWeights, item.Line, item.Column);
                // Version 1's safetensors export named tensors by role and position within the role.
                string tensorPrefix = (decoder ? "decoder." + decoders++ : "encoder." + encoders++);
                var w = l.Floats("weight", (int)weights, tensorPrefix + ".weight", new[] { outFeatures, inFeatures });
                var b = l.Floats("bias", outFeatures, tensorPrefix + ".bias");
                var pre = l.Range("pre_activation_range");
                var post = l.Range("output_range");
                // Version 1's quantizer requantized a ReLU or identity layer to its output range and took tables from the
                // pre-activation range to the output range: the same ranges land on the same tensors here.
                ops.Add(new DenseOp(name, inFeatures, outFeatures, new EquatableArray<float>(w), new EquatableArray<float>(b))
                {
                    Range = activation == ActivationFunction.Identity ? post : pre,
                });
                positions.Add(item);
                if (activation != ActivationFunction.Identity)
                {
                    ops.Add(new ActivationOp(name + "." + ActivationMath.Name(activation), activation) { Range = post });
                    positions.Add(item);
                }
                width = outFeatures;
            }
            if (!inDecoder) throw MemberReader.Inconsistent(array, "the model has no decoder layers");
            if (width != inputSize) throw MemberReader.Inconsistent(array.Items[array.Items.Count - 1], "the decoder ends with width " + width + " but the input size is " + inputSize);
            return latentOp;
        }
    }
}
