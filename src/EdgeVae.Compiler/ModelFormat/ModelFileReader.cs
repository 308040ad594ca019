using System.Collections.Generic;
using System.Globalization;
using EdgeVae.Compiler.Json;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>
    /// Reads a <c>.evae</c> model file into a <see cref="ModelDescription"/>, checking everything the generated
    /// code and the trainer rely on: member types, shapes that chain from input to latent to output, array
    /// lengths, finiteness, size limits. Every rejection is a <see cref="ModelFormatException"/> naming the
    /// member and its line and column; no other exception escapes.
    /// </summary>
    public static class ModelFileReader
    {
        /// <summary>Default cap on the file's length in characters (a 16 M-parameter model is ~90 M characters).</summary>
        public const int DefaultMaxChars = 64 * 1024 * 1024;

        public const int MaxLayers = 64;

        public const int MaxWidth = 1 << 20;

        public static ModelDescription Read(string text, int maxChars = DefaultMaxChars)
        {
            if (text.Length > maxChars)
                throw new ModelFormatException(ModelFormatError.TooLarge,
                    "the file has " + text.Length + " characters, over the limit of " + maxChars + "; raise the limit (EdgeVaeMaxModelChars) or use a smaller model", 0, 0);
            JsonValue root;
            try
            {
                root = JsonParser.Parse(text);
            }
            catch (JsonException e)
            {
                throw new ModelFormatException(ModelFormatError.Unparsable, "not valid JSON: " + e.Reason, e.Line, e.Column);
            }
            try
            {
                return ReadRoot(root);
            }
            catch (System.OverflowException)
            {
                throw new ModelFormatException(ModelFormatError.Inconsistent, "a size is too large to represent", root.Line, root.Column);
            }
        }

        private static ModelDescription ReadRoot(JsonValue root)
        {
            if (root.Kind != JsonKind.Object) throw Unparsable(root, "the document must be a JSON object");
            string format = RequiredString(root, "format");
            if (format != ModelFileFormat.FormatName)
                throw Unparsable(root.Get("format")!, "\"format\" is \"" + JsonParser.Printable(format) + "\", expected \"" + ModelFileFormat.FormatName + "\" (is this an EdgeVae model file?)");
            var versionValue = Required(root, "version", JsonKind.Number);
            int version = Int(versionValue, "version", 0, int.MaxValue);
            if (version != ModelFileFormat.CurrentVersion)
                throw new ModelFormatException(ModelFormatError.UnsupportedVersion,
                    "format version " + version + " is not supported (this reader knows version " + ModelFileFormat.CurrentVersion + "); regenerate the file with a matching edgevae or update EdgeVae",
                    versionValue.Line, versionValue.Column);

            string name = RequiredString(root, "name");
            var kindValue = Required(root, "kind", JsonKind.String);
            ModelKind kind = kindValue.Text switch
            {
                "ae" => ModelKind.Autoencoder,
                "sparse" => ModelKind.Sparse,
                "denoising" => ModelKind.Denoising,
                "vae" => ModelKind.Variational,
                _ => throw Inconsistent(kindValue, "\"kind\" must be \"ae\", \"sparse\", \"denoising\" or \"vae\", not \"" + JsonParser.Printable(kindValue.Text) + "\""),
            };

            var input = Required(root, "input", JsonKind.Object);
            int inputSize = Int(Required(input, "size", JsonKind.Number), "input.size", 1, MaxWidth);
            int channels = Int(Required(input, "channels", JsonKind.Number), "input.channels", 1, inputSize);
            var windowValue = Required(input, "window", JsonKind.Number);
            int window = Int(windowValue, "input.window", 0, inputSize);
            if (window > 0 && (long)window * channels != inputSize)
                throw Inconsistent(windowValue, "input.window (" + window + ") × input.channels (" + channels + ") must equal input.size (" + inputSize + ")");
            var names = new List<string>();
            var namesValue = input.Get("channel_names");
            if (namesValue != null)
            {
                if (namesValue.Kind != JsonKind.Array) throw Unparsable(namesValue, "input.channel_names must be an array of strings");
                if (namesValue.Items.Count != channels) throw Inconsistent(namesValue, "input.channel_names has " + namesValue.Items.Count + " names for " + channels + " channels");
                foreach (var n in namesValue.Items)
                {
                    if (n.Kind != JsonKind.String) throw Unparsable(n, "input.channel_names must hold strings");
                    names.Add(n.Text);
                }
            }

            var latentValue = Required(root, "latent", JsonKind.Number);
            int latent = Int(latentValue, "latent", 1, MaxWidth);
            var reconValue = Required(root, "reconstruction", JsonKind.String);
            ReconstructionKind recon = reconValue.Text switch
            {
                "gaussian" => ReconstructionKind.Gaussian,
                "bernoulli" => ReconstructionKind.Bernoulli,
                _ => throw Inconsistent(reconValue, "\"reconstruction\" must be \"gaussian\" or \"bernoulli\""),
            };

            var normalization = ReadNormalization(Required(root, "normalization", JsonKind.Object), inputSize);
            var layers = ReadLayers(Required(root, "layers", JsonKind.Array), kind, inputSize, latent, recon);
            var calibration = root.Get("calibration");
            ValueRange inputRange = ValueRange.Unknown;
            if (calibration != null)
            {
                if (calibration.Kind != JsonKind.Object) throw Unparsable(calibration, "\"calibration\" must be an object");
                inputRange = OptionalRange(calibration, "input_range");
            }
            var thresholds = ReadThresholds(root.Get("thresholds"));
            var training = root.Get("training");
            string trainingJson = training == null ? "" : Canonical(training);

            return new ModelDescription(version, name, kind, inputSize, latent,
                new InputLayout(channels, window, new EquatableArray<string>(names.ToArray())),
                recon, normalization, new EquatableArray<DenseLayer>(layers.ToArray()), inputRange,
                new EquatableArray<Threshold>(thresholds.ToArray()), trainingJson);
        }

        private static Normalization ReadNormalization(JsonValue n, int inputSize)
        {
            var methodValue = Required(n, "method", JsonKind.String);
            NormalizationMethod method = methodValue.Text switch
            {
                "none" => NormalizationMethod.None,
                "minmax" => NormalizationMethod.MinMax,
                "zscore" => NormalizationMethod.ZScore,
                _ => throw Inconsistent(methodValue, "normalization.method must be \"none\", \"minmax\" or \"zscore\""),
            };
            float[] offset = Floats(n, "offset", inputSize, "normalization.offset");
            float[] scale = Floats(n, "scale", inputSize, "normalization.scale");
            for (int i = 0; i < scale.Length; i++)
                if (scale[i] == 0) throw Inconsistent(n.Get("scale")!, "normalization.scale[" + i + "] is zero");
            return new Normalization(method, new EquatableArray<float>(offset), new EquatableArray<float>(scale));
        }

        private static List<DenseLayer> ReadLayers(JsonValue array, ModelKind kind, int inputSize, int latent, ReconstructionKind recon)
        {
            if (array.Items.Count < 2) throw Inconsistent(array, "a model needs at least one encoder and one decoder layer");
            if (array.Items.Count > MaxLayers) throw new ModelFormatException(ModelFormatError.TooLarge, "the model has " + array.Items.Count + " layers, over the limit of " + MaxLayers, array.Line, array.Column);
            var layers = new List<DenseLayer>();
            int width = inputSize;
            bool inDecoder = false;
            int encoderOut = kind == ModelKind.Variational ? 2 * latent : latent;
            foreach (var l in array.Items)
            {
                if (l.Kind != JsonKind.Object) throw Unparsable(l, "each layer must be an object");
                string name = RequiredString(l, "name");
                var roleValue = Required(l, "role", JsonKind.String);
                LayerRole role = roleValue.Text == "encoder" ? LayerRole.Encoder
                    : roleValue.Text == "decoder" ? LayerRole.Decoder
                    : throw Inconsistent(roleValue, "layer role must be \"encoder\" or \"decoder\"");
                if (role == LayerRole.Encoder && inDecoder) throw Inconsistent(roleValue, "encoder layers must all come before the decoder layers");
                if (role == LayerRole.Decoder && !inDecoder)
                {
                    if (width != encoderOut) throw Inconsistent(l, "the encoder ends with width " + width + " but the " + (kind == ModelKind.Variational ? "VAE's μ and log σ² need 2 × latent = " : "latent size is ") + encoderOut);
                    inDecoder = true;
                    width = latent;
                }
                var inValue = Required(l, "in", JsonKind.Number);
                int inFeatures = Int(inValue, "layer in", 1, MaxWidth);
                int outFeatures = Int(Required(l, "out", JsonKind.Number), "layer out", 1, MaxWidth);
                if (inFeatures != width) throw Inconsistent(inValue, "layer \"" + JsonParser.Printable(name) + "\" takes " + inFeatures + " inputs but the previous width is " + width);
                var actValue = Required(l, "activation", JsonKind.String);
                ActivationFunction act = actValue.Text switch
                {
                    "identity" => ActivationFunction.Identity,
                    "relu" => ActivationFunction.Relu,
                    "leaky_relu" => ActivationFunction.LeakyRelu,
                    "sigmoid" => ActivationFunction.Sigmoid,
                    "tanh" => ActivationFunction.Tanh,
                    "softplus" => ActivationFunction.Softplus,
                    _ => throw Inconsistent(actValue, "unknown activation \"" + JsonParser.Printable(actValue.Text) + "\""),
                };
                long weights = (long)inFeatures * outFeatures;
                if (weights > 64L * 1024 * 1024) throw new ModelFormatException(ModelFormatError.TooLarge, "layer \"" + JsonParser.Printable(name) + "\" has " + weights + " weights, over the limit of 67108864", l.Line, l.Column);
                float[] w = Floats(l, "weight", (int)weights, "layer \"" + JsonParser.Printable(name) + "\" weight");
                float[] b = Floats(l, "bias", outFeatures, "layer \"" + JsonParser.Printable(name) + "\" bias");
                layers.Add(new DenseLayer(name, role, inFeatures, outFeatures, act,
                    new EquatableArray<float>(w), new EquatableArray<float>(b),
                    OptionalRange(l, "pre_activation_range"), OptionalRange(l, "output_range")));
                width = outFeatures;
            }
            if (!inDecoder) throw Inconsistent(array, "the model has no decoder layers");
            if (width != inputSize) throw Inconsistent(array.Items[array.Items.Count - 1], "the decoder ends with width " + width + " but the input size is " + inputSize);
            var last = layers[layers.Count - 1];
            if (recon == ReconstructionKind.Bernoulli && last.Activation != ActivationFunction.Sigmoid)
                throw Inconsistent(array.Items[array.Items.Count - 1], "a Bernoulli decoder must end with a sigmoid (its pre-activations are the logits)");
            return layers;
        }

        private static List<Threshold> ReadThresholds(JsonValue? value)
        {
            var list = new List<Threshold>();
            if (value == null) return list;
            if (value.Kind != JsonKind.Array) throw Unparsable(value, "\"thresholds\" must be an array");
            var seen = new HashSet<string>();
            foreach (var t in value.Items)
            {
                if (t.Kind != JsonKind.Object) throw Unparsable(t, "each threshold must be an object");
                var precisionValue = Required(t, "precision", JsonKind.String);
                string precision = precisionValue.Text;
                if (precision != "float32" && precision != "int16" && precision != "int8")
                    throw Inconsistent(precisionValue, "threshold precision must be \"float32\", \"int16\" or \"int8\"");
                if (!seen.Add(precision)) throw Inconsistent(precisionValue, "two thresholds for precision " + precision);
                var scoreValue = Required(t, "score", JsonKind.String);
                if (scoreValue.Text != "mse" && scoreValue.Text != "neg_elbo") throw Inconsistent(scoreValue, "threshold score must be \"mse\" or \"neg_elbo\"");
                list.Add(new Threshold(precision, scoreValue.Text, Finite(t, "value"), RequiredString(t, "method"), Finite(t, "parameter"),
                    Int(Required(t, "samples", JsonKind.Number), "samples", 0, int.MaxValue),
                    Finite(t, "mean"), Finite(t, "std"), Finite(t, "median"), Finite(t, "max")));
            }
            return list;
        }

        private static ValueRange OptionalRange(JsonValue parent, string member)
        {
            var v = parent.Get(member);
            if (v == null) return ValueRange.Unknown;
            if (v.Kind != JsonKind.Array || v.Items.Count != 2) throw Unparsable(v, "\"" + member + "\" must be [min, max]");
            double min = Number(v.Items[0], member), max = Number(v.Items[1], member);
            if (min > max) throw Inconsistent(v, "\"" + member + "\" has min > max");
            return new ValueRange((float)min, (float)max);
        }

        private static float[] Floats(JsonValue parent, string member, int expected, string what)
        {
            var v = Required(parent, member, JsonKind.String);
            float[]? values = FloatArrayCodec.TryDecode(v.Text, out string? reason);
            if (values == null) throw Unparsable(v, what + " " + reason);
            if (values.Length != expected) throw Inconsistent(v, what + " has " + values.Length + " values, expected " + expected);
            for (int i = 0; i < values.Length; i++)
                if (float.IsNaN(values[i]) || float.IsInfinity(values[i]))
                    throw Inconsistent(v, what + "[" + i + "] is " + values[i].ToString(CultureInfo.InvariantCulture) + "; a model must hold finite numbers (retrain: the run diverged)");
            return values;
        }

        private static JsonValue Required(JsonValue parent, string member, JsonKind kind)
        {
            var v = parent.Get(member);
            if (v == null) throw Unparsable(parent, "missing member \"" + member + "\"");
            if (v.Kind != kind) throw Unparsable(v, "\"" + member + "\" must be a " + kind.ToString().ToLowerInvariant() + ", not a " + v.Kind.ToString().ToLowerInvariant());
            return v;
        }

        private static string RequiredString(JsonValue parent, string member) => Required(parent, member, JsonKind.String).Text;

        private static double Finite(JsonValue parent, string member) => Number(Required(parent, member, JsonKind.Number), member);

        private static double Number(JsonValue v, string what)
        {
            if (v.Kind != JsonKind.Number) throw Unparsable(v, "\"" + what + "\" must be a number");
            if (!double.TryParse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || double.IsInfinity(d) || double.IsNaN(d))
                throw Inconsistent(v, "\"" + what + "\" is out of range");
            return d;
        }

        private static int Int(JsonValue v, string what, int min, int max)
        {
            if (!long.TryParse(v.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                throw Inconsistent(v, "\"" + what + "\" must be a whole number");
            if (n < min || n > max) throw Inconsistent(v, "\"" + what + "\" is " + n + ", outside [" + min + ", " + max + "]");
            return (int)n;
        }

        private static ModelFormatException Unparsable(JsonValue at, string reason) =>
            new ModelFormatException(ModelFormatError.Unparsable, reason, at.Line, at.Column);

        private static ModelFormatException Inconsistent(JsonValue at, string reason) =>
            new ModelFormatException(ModelFormatError.Inconsistent, reason, at.Line, at.Column);

        /// <summary>A compact, order-preserving serialisation of a subtree (value equality for caching).</summary>
        private static string Canonical(JsonValue v)
        {
            var w = new System.Text.StringBuilder();
            Append(w, v);
            return w.ToString();
        }

        private static void Append(System.Text.StringBuilder w, JsonValue v)
        {
            switch (v.Kind)
            {
                case JsonKind.String:
                    JsonWriter.Quote(w, v.Text);
                    break;
                case JsonKind.Array:
                    w.Append('[');
                    for (int i = 0; i < v.Items.Count; i++)
                    {
                        if (i > 0) w.Append(',');
                        Append(w, v.Items[i]);
                    }
                    w.Append(']');
                    break;
                case JsonKind.Object:
                    w.Append('{');
                    for (int i = 0; i < v.Members.Count; i++)
                    {
                        if (i > 0) w.Append(',');
                        JsonWriter.Quote(w, v.Members[i].Key);
                        w.Append(':');
                        Append(w, v.Members[i].Value);
                    }
                    w.Append('}');
                    break;
                default:
                    w.Append(v.Text);
                    break;
            }
        }
    }
}
