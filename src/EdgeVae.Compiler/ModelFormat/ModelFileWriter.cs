using EdgeVae.Compiler.Json;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>Writes a <see cref="ModelDescription"/> as <c>.evae</c> text that <see cref="ModelFileReader"/> reads back exactly.</summary>
    public static class ModelFileWriter
    {
        public static string Write(ModelDescription model)
        {
            var w = new JsonWriter();
            w.StartObject();
            w.String("format", ModelFileFormat.FormatName);
            w.Number("version", ModelFileFormat.CurrentVersion);
            w.String("name", model.Name);
            w.String("kind", ModelFileFormat.KindName(model.Kind));

            w.StartObject("input");
            w.Number("size", model.InputSize);
            w.Number("channels", model.Layout.Channels);
            w.Number("window", model.Layout.Window);
            if (model.Layout.ChannelNames.Count > 0)
            {
                w.StartArray("channel_names", inline: true);
                foreach (var n in model.Layout.ChannelNames) w.String(null, n);
                w.EndArray();
            }
            w.EndObject();

            w.Number("latent", model.LatentSize);
            w.String("reconstruction", model.Reconstruction == ReconstructionKind.Bernoulli ? "bernoulli" : "gaussian");

            w.StartObject("normalization");
            w.String("method", ModelFileFormat.NormalizationName(model.Normalization.Method));
            w.String("offset", FloatArrayCodec.Encode(model.Normalization.Offset.AsArray()));
            w.String("scale", FloatArrayCodec.Encode(model.Normalization.Scale.AsArray()));
            w.EndObject();

            w.StartArray("layers");
            foreach (var l in model.Layers)
            {
                w.StartObject();
                w.String("name", l.Name);
                w.String("role", l.Role == LayerRole.Encoder ? "encoder" : "decoder");
                w.Number("in", l.InFeatures);
                w.Number("out", l.OutFeatures);
                w.String("activation", ActivationMath.Name(l.Activation));
                WriteRange(w, "pre_activation_range", l.PreActivationRange);
                WriteRange(w, "output_range", l.OutputRange);
                w.String("weight", FloatArrayCodec.Encode(l.Weight.AsArray()));
                w.String("bias", FloatArrayCodec.Encode(l.Bias.AsArray()));
                w.EndObject();
            }
            w.EndArray();

            if (model.InputRange.IsKnown)
            {
                w.StartObject("calibration");
                WriteRange(w, "input_range", model.InputRange);
                w.EndObject();
            }

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
                w.EndObject();
            }
            w.EndArray();

            if (model.TrainingJson.Length > 0) w.Raw("training", model.TrainingJson);
            w.EndObject();
            return w.ToString();
        }

        private static void WriteRange(JsonWriter w, string name, ValueRange r)
        {
            if (!r.IsKnown) return;
            w.StartArray(name, inline: true);
            w.Number(null, r.Min);
            w.Number(null, r.Max);
            w.EndArray();
        }
    }
}
