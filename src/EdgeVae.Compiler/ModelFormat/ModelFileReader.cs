using System.Collections.Generic;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Json;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>
    /// Reads a <c>.evae</c> model file into a <see cref="ModelDescription"/> — the one reader every stage uses (generator,
    /// trainer, benchmarks, the reference engine). It checks everything the generated code and the trainer rely on: member
    /// types, values for the type they are used as, shapes that chain through the graph, array lengths, size limits.
    /// Version 1 files are upgraded (<see cref="V1ModelReader"/>). Every rejection is a <see cref="ModelFormatException"/>
    /// naming the member and its line and column; no other exception escapes.
    /// </summary>
    public static class ModelFileReader
    {
        /// <summary>Default cap on the file's length in characters (a 16 M-parameter model is ~90 M characters).</summary>
        public const int DefaultMaxChars = 64 * 1024 * 1024;

        public const int MaxOps = 256;

        /// <summary>
        /// Reads and checks a model file. Its checksum (<see cref="ModelChecksum"/>) is verified after the content is, so a
        /// malformed member is reported as such; a file without one loads, with a warning added to <paramref name="warnings"/>.
        /// <paramref name="verifyChecksum"/> false is for re-sealing a file edited by hand.
        /// </summary>
        public static ModelDescription Read(string text, int maxChars = DefaultMaxChars, ITensorSource? tensors = null,
            ICollection<string>? warnings = null, bool verifyChecksum = true)
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
                var model = ReadRoot(root, tensors);
                if (verifyChecksum && tensors == null && ModelChecksum.Verify(root) is string warning) warnings?.Add(warning);
                return model;
            }
            catch (System.OverflowException)
            {
                throw new ModelFormatException(ModelFormatError.Inconsistent, "a size is too large to represent", root.Line, root.Column);
            }
        }

        private static ModelDescription ReadRoot(JsonValue root, ITensorSource? tensors)
        {
            if (root.Kind != JsonKind.Object) throw MemberReader.Unparsable(root, "the document must be a JSON object");
            var r = new MemberReader(root, "the file", tensors);
            var formatValue = r.Required("format", JsonKind.String);
            if (formatValue.Text != ModelFileFormat.FormatName)
                throw MemberReader.Unparsable(formatValue, "\"format\" is \"" + JsonParser.Printable(formatValue.Text) + "\", expected \"" + ModelFileFormat.FormatName + "\" (is this an EdgeVae model file?)");
            var versionValue = r.Required("version", JsonKind.Number);
            int version = r.WholeNumber(versionValue, "version", 0, int.MaxValue);
            if (version == 1) return V1ModelReader.Read(r);
            if (version != ModelFileFormat.CurrentVersion)
                throw new ModelFormatException(ModelFormatError.UnsupportedVersion,
                    "format version " + version + " is not supported (this reader knows versions 1 and " + ModelFileFormat.CurrentVersion + "); regenerate the file with a matching edgevae or update EdgeVae",
                    versionValue.Line, versionValue.Column);

            string name = r.String("name");
            var kind = Kind(r);
            var reconstruction = Reconstruction(r);
            var graphReader = r.Object("graph");
            var input = graphReader.Shape("input");
            var data = ReadData(r.Object("data"), input);
            var (graph, positions) = ReadGraph(graphReader, input);
            Validate(graph, kind, reconstruction, positions, graphReader.Value);
            graph = Folded(graph, positions, graphReader.Value);
            if (graph.FrontEnd is { } frontEnd && frontEnd.InputChannels != data.Channels)
                throw MemberReader.Inconsistent(graphReader.Value, "the front-end reads windows of " + frontEnd.InputChannels + " channels, but data.channels is " + data.Channels);
            // A standardised threshold holds one mean and weight per feature the network sees: the front-end's output, if any.
            return new ModelDescription(version, name, kind, reconstruction, data, graph, ReadThresholds(r.Optional("thresholds"), (int)graph.FeatureCount), Training(r.Optional("training")));
        }

        internal static ModelKind Kind(MemberReader r)
        {
            var kindValue = r.Required("kind", JsonKind.String);
            if (!ModelFileFormat.TryParseKind(kindValue.Text, out var kind))
                throw MemberReader.Inconsistent(kindValue, "\"kind\" must be \"ae\", \"sparse\", \"denoising\" or \"vae\", not \"" + JsonParser.Printable(kindValue.Text) + "\"");
            return kind;
        }

        internal static ReconstructionKind Reconstruction(MemberReader r)
        {
            var value = r.Required("reconstruction", JsonKind.String);
            return value.Text switch
            {
                "gaussian" => ReconstructionKind.Gaussian,
                "bernoulli" => ReconstructionKind.Bernoulli,
                _ => throw MemberReader.Inconsistent(value, "\"reconstruction\" must be \"gaussian\" or \"bernoulli\""),
            };
        }

        private static DataContract ReadData(MemberReader d, TensorShape input)
        {
            int size = (int)System.Math.Min(input.Size, int.MaxValue);
            int channels = d.Int("channels", 1, size);
            var windowValue = d.Required("window", JsonKind.Number);
            int window = d.WholeNumber(windowValue, "window", 0, size);
            if (window > 0 && (long)window * channels != input.Size)
                throw MemberReader.Inconsistent(windowValue, "data.window (" + window + ") × data.channels (" + channels + ") must equal the input size (" + input.Size + ")");
            int hop = d.OptionalInt("hop", 0, window, 0);
            double sampleRate = d.OptionalDouble("sample_rate", 0);
            if (sampleRate < 0) throw MemberReader.Inconsistent(d.Optional("sample_rate")!, "data.sample_rate must not be negative");
            var names = ChannelNames(d, "channel_names", channels);
            var sourceValue = d.Optional("source");
            if (sourceValue == null) return new DataContract(channels, window, hop, sampleRate, names);
            if (sourceValue.Kind != JsonKind.Object) throw MemberReader.Unparsable(sourceValue, "data.source must be an object");
            var s = new MemberReader(sourceValue, "data.source", null);
            var kindValue = s.Required("kind", JsonKind.String);
            if (System.Array.IndexOf(SourceKinds, kindValue.Text) < 0)
                throw MemberReader.Inconsistent(kindValue, "data.source.kind must be one of " + string.Join(", ", SourceKinds) + ", not \"" + JsonParser.Printable(kindValue.Text) + "\"");
            var columns = ChannelNames(s, "columns", channels);
            var source = new SourceContract(kindValue.Text, columns, ChannelNames(s, "ignored_columns", -1), s.OptionalString("label_column") ?? "",
                s.OptionalString("time_column") ?? "", ChannelNames(s, "class_names", -1));
            s.RejectUnknownMembers("");
            return new DataContract(channels, window, hop, sampleRate, names) { Source = source };
        }

        /// <summary>The data spec schemes a model's data can come from.</summary>
        private static readonly string[] SourceKinds = { "csv", "npy", "idx", "wav", "builtin", "fashion-mnist" };

        /// <summary>An array of strings; with <paramref name="channels"/> ≥ 0, one per channel.</summary>
        internal static EquatableArray<string> ChannelNames(MemberReader d, string member, int channels)
        {
            var names = new List<string>();
            var value = d.Optional(member);
            if (value != null)
            {
                if (value.Kind != JsonKind.Array) throw MemberReader.Unparsable(value, d.What + "." + member + " must be an array of strings");
                if (channels >= 0 && value.Items.Count != channels) throw MemberReader.Inconsistent(value, d.What + "." + member + " has " + value.Items.Count + " names for " + channels + " channels");
                foreach (var n in value.Items)
                {
                    if (n.Kind != JsonKind.String) throw MemberReader.Unparsable(n, d.What + "." + member + " must hold strings");
                    names.Add(n.Text);
                }
            }
            return new EquatableArray<string>(names.ToArray());
        }

        private static (ModelGraph Graph, List<JsonValue> Positions) ReadGraph(MemberReader g, TensorShape input)
        {
            string latent = g.String("latent");
            var opsValue = g.Required("ops", JsonKind.Array);
            if (opsValue.Items.Count > MaxOps)
                throw new ModelFormatException(ModelFormatError.TooLarge, "the graph has " + opsValue.Items.Count + " ops, over the limit of " + MaxOps, opsValue.Line, opsValue.Column);
            var ops = new List<Op>();
            var positions = new List<JsonValue>();
            var walk = new ShapeWalk(input);
            foreach (var opValue in opsValue.Items)
            {
                if (opValue.Kind != JsonKind.Object) throw MemberReader.Unparsable(opValue, "each op must be an object");
                var probe = new MemberReader(opValue, "an op", g.Tensors);
                string name = probe.String("name");
                var r = new MemberReader(opValue, "op \"" + JsonParser.Printable(name) + "\"", g.Tensors);
                r.Optional("name");
                var typeValue = r.Required("op", JsonKind.String);
                var op = OpRegistry.Read(typeValue.Text, r, name, walk.Current, typeValue) with { Range = r.Range("range") };
                r.RejectUnknownMembers(r.Value.Get("inputs") != null ? "ops run in order on the previous op's output; this version takes no \"inputs\"" : "");
                try
                {
                    walk.Next(op);
                }
                catch (GraphException e)
                {
                    throw MemberReader.Inconsistent(opValue, e.Message);
                }
                ops.Add(op);
                positions.Add(opValue);
            }
            return (new ModelGraph(input, new EquatableArray<Op>(ops.ToArray()), latent), positions);
        }

        /// <summary>The graph's own rules, reported at the op they concern.</summary>
        internal static void Validate(ModelGraph graph, ModelKind kind, ReconstructionKind reconstruction, List<JsonValue>? positions, JsonValue whole)
        {
            try
            {
                graph.Validate(kind, reconstruction);
            }
            catch (GraphException e)
            {
                int at = graph.IndexOf(e.Op);
                var where = positions != null && at >= 0 && at < positions.Count ? positions[at] : whole;
                throw MemberReader.Inconsistent(where, e.Message);
            }
        }

        /// <summary>The graph with its batch normalisations folded into the dense layers before them, as every later stage takes it.</summary>
        private static ModelGraph Folded(ModelGraph graph, List<JsonValue> positions, JsonValue whole)
        {
            try
            {
                return BatchNormFolding.Fold(graph);
            }
            catch (GraphException e)
            {
                int at = graph.IndexOf(e.Op);
                throw MemberReader.Inconsistent(at >= 0 && at < positions.Count ? positions[at] : whole, e.Message);
            }
        }

        internal static EquatableArray<Threshold> ReadThresholds(JsonValue? value, int features)
        {
            var list = new List<Threshold>();
            if (value == null) return new EquatableArray<Threshold>(list.ToArray());
            if (value.Kind != JsonKind.Array) throw MemberReader.Unparsable(value, "\"thresholds\" must be an array");
            var seen = new HashSet<string>();
            foreach (var item in value.Items)
            {
                var t = new MemberReader(item, "a threshold", null);
                var precisionValue = t.Required("precision", JsonKind.String);
                string precision = precisionValue.Text;
                if (precision != "float32" && precision != "int16" && precision != "int8")
                    throw MemberReader.Inconsistent(precisionValue, "threshold precision must be \"float32\", \"int16\" or \"int8\"");
                if (!seen.Add(precision)) throw MemberReader.Inconsistent(precisionValue, "two thresholds for precision " + precision);
                var scoreValue = t.Required("score", JsonKind.String);
                if (scoreValue.Text != "mse" && scoreValue.Text != "standardized" && scoreValue.Text != "neg_elbo")
                    throw MemberReader.Inconsistent(scoreValue, "threshold score must be \"mse\", \"standardized\" or \"neg_elbo\"");
                var valueMember = t.Required("value", JsonKind.Number);
                t.FloatValue(valueMember, "value"); // the generated code compares the float32 score with it as a float32
                var standardization = ReadStandardization(t, scoreValue, features);
                list.Add(new Threshold(precision, scoreValue.Text, t.DoubleValue(valueMember, "value"),
                    t.String("method"), t.Double("parameter"), t.Int("samples", 0, int.MaxValue), t.Double("mean"), t.Double("std"), t.Double("median"), t.Double("max"),
                    standardization));
            }
            return new EquatableArray<Threshold>(list.ToArray());
        }

        /// <summary>A "standardized" threshold's per-feature mean and weight (required there, refused elsewhere).</summary>
        private static ResidualStandardization? ReadStandardization(MemberReader t, JsonValue score, int features)
        {
            var value = t.Optional("standardization");
            if (score.Text != "standardized")
            {
                if (value != null) throw MemberReader.Inconsistent(value, "a \"" + score.Text + "\" threshold has no \"standardization\" (it belongs to a \"standardized\" score)");
                return null;
            }
            if (value == null) throw MemberReader.Inconsistent(score, "a \"standardized\" threshold needs its \"standardization\" (mean, weight, floor); calibrate again with --score standardized");
            if (value.Kind != JsonKind.Object) throw MemberReader.Unparsable(value, "\"standardization\" must be an object");
            var z = new MemberReader(value, "the standardization", null);
            float[] mean = z.Floats("mean", features), weight = z.Floats("weight", features);
            for (int i = 0; i < weight.Length; i++)
                if (!(weight[i] > 0)) throw MemberReader.Inconsistent(value, "the standardization's weight[" + i + "] is " + weight[i].ToString(System.Globalization.CultureInfo.InvariantCulture) + "; every weight is 1/σ > 0");
            var floorValue = z.Required("floor", JsonKind.Number);
            double floor = z.DoubleValue(floorValue, "floor");
            if (!(floor > 0)) throw MemberReader.Inconsistent(floorValue, "the standardization's floor must be positive");
            z.RejectUnknownMembers("");
            return new ResidualStandardization(new EquatableArray<float>(mean), new EquatableArray<float>(weight), floor);
        }

        internal static string Training(JsonValue? training)
        {
            if (training == null) return "";
            if (training.Kind != JsonKind.Object) throw MemberReader.Unparsable(training, "\"training\" must be an object, not a " + training.Kind.ToString().ToLowerInvariant());
            return Canonical(training);
        }

        /// <summary>A compact, order-preserving serialisation of a subtree (value equality for caching).</summary>
        internal static string Canonical(JsonValue v)
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
