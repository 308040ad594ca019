using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Json;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>
    /// Writes a <see cref="ModelDescription"/> as <c>.evae</c> text (the current version) that <see cref="ModelFileReader"/>
    /// reads back exactly. With a tensor sink the parameters go there instead of inline, each member then naming its
    /// tensor (<c>{"tensor": "encoder.0.weight"}</c>): a safetensors file's metadata is such a file.
    /// </summary>
    public static class ModelFileWriter
    {
        public static string Write(ModelDescription model, ITensorSink? tensors = null)
        {
            var w = new JsonWriter();
            w.StartObject();
            w.String("format", ModelFileFormat.FormatName);
            w.Number("version", ModelFileFormat.CurrentVersion);
            w.String("name", model.Name);
            w.String("kind", ModelFileFormat.KindName(model.Kind));
            w.String("reconstruction", ModelFileFormat.ReconstructionName(model.Reconstruction));

            var d = model.Data;
            w.StartObject("data");
            w.Number("channels", d.Channels);
            w.Number("window", d.Window);
            if (d.Hop > 0) w.Number("hop", d.Hop);
            if (d.SampleRate > 0) w.Number("sample_rate", d.SampleRate);
            Strings(w, "channel_names", d.ChannelNames);
            if (d.Source is { } source)
            {
                w.StartObject("source");
                w.String("kind", source.Kind);
                Strings(w, "columns", source.Columns);
                Strings(w, "ignored_columns", source.IgnoredColumns);
                if (source.LabelColumn.Length > 0) w.String("label_column", source.LabelColumn);
                if (source.TimeColumn.Length > 0) w.String("time_column", source.TimeColumn);
                Strings(w, "class_names", source.ClassNames);
                w.EndObject();
            }
            w.EndObject();

            var graph = model.Graph;
            w.StartObject("graph");
            var shape = new OpWriter(w, graph.Ops[0], null);
            shape.Shape("input", graph.Input);
            w.String("latent", graph.Latent);
            w.StartArray("ops");
            foreach (var op in graph.Ops)
            {
                w.StartObject();
                w.String("op", op.Type);
                w.String("name", op.Name);
                if (op.Range.IsKnown)
                {
                    w.StartArray("range", inline: true);
                    w.Number(null, op.Range.Min);
                    w.Number(null, op.Range.Max);
                    w.EndArray();
                }
                op.WriteMembers(new OpWriter(w, op, tensors));
                w.EndObject();
            }
            w.EndArray();
            w.EndObject();

            w.StartArray("thresholds");
            foreach (var t in model.Thresholds)
            {
                w.StartObject();
                w.String("precision", t.Precision);
                w.String("score", t.Score);
                w.Number("value", t.Value);
                w.String("method", t.Method);
                w.Number("parameter", t.Parameter);
                w.Number("samples", t.Samples);
                w.Number("mean", t.Mean);
                w.Number("std", t.StdDev);
                w.Number("median", t.Median);
                w.Number("max", t.Max);
                if (t.Standardization is { } z)
                {
                    w.StartObject("standardization");
                    w.String("mean", FloatArrayCodec.Encode(z.Mean.AsArray()));
                    w.String("weight", FloatArrayCodec.Encode(z.Weight.AsArray()));
                    w.Number("floor", z.Floor);
                    w.EndObject();
                }
                w.EndObject();
            }
            w.EndArray();

            if (model.TrainingJson.Length > 0) w.Raw("training", CanonicalTraining(model.TrainingJson));
            w.EndObject();
            return ModelChecksum.Seal(w.ToString());
        }

        /// <summary>
        /// The training record as the reader gives it back (compact, its strings escaped one way — a serializer that writes
        /// '+' as \u002B writes the same record), so that reading a file and writing it again gives the same bytes.
        /// </summary>
        private static string CanonicalTraining(string json)
        {
            try
            {
                return ModelFileReader.Canonical(JsonParser.Parse(json));
            }
            catch (JsonException)
            {
                return json; // not JSON: kept as given, and the reader will say where it breaks
            }
        }

        /// <summary>An inline array of strings, left out when empty.</summary>
        private static void Strings(JsonWriter w, string name, EquatableArray<string> values)
        {
            if (values.Count == 0) return;
            w.StartArray(name, inline: true);
            foreach (var n in values) w.String(null, n);
            w.EndArray();
        }
    }
}
