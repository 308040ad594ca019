using System.Globalization;
using System.IO;
using EdgeVae.Compiler.Json;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.Learning
{
    /// <summary>
    /// What both emitters and the trainer's simulation share about the on-device baseline learner
    /// (EdgeVae.Contract's <c>BaselineLearner</c>): the model tag a saved state is tied to, the check that a model can
    /// learn, and the learner's source text for the nanoFramework flavor, which cannot reference EdgeVae.Contract.
    /// </summary>
    public static class LearnerSupport
    {
        private const string SourceResource = "EdgeVae.Contract.BaselineLearner.cs";
        private const string Begin = "// nanoFramework: begin", End = "// nanoFramework: end";

        /// <summary>
        /// The first 8 bytes of the SHA-256 of the model's content as EdgeVae writes it: for a file EdgeVae wrote, the
        /// start of its <c>"checksum"</c>. A state saved for another model (or another calibration) does not load.
        /// </summary>
        public static byte[] ModelTag(ModelDescription model)
        {
            string checksum = ModelChecksum.Compute(JsonParser.Parse(ModelFileWriter.Write(model)));
            string hex = checksum.Substring(checksum.IndexOf(':') + 1);
            var tag = new byte[8];
            for (int i = 0; i < 8; i++) tag[i] = byte.Parse(hex.Substring(2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return tag;
        }

        /// <summary>
        /// The threshold the generated code starts from for <paramref name="options"/>' precision (the learner's trained
        /// threshold), after <see cref="Check"/>: what the trainer's simulation must start from too.
        /// </summary>
        public static float StartingThreshold(ModelDescription model, EmitOptions options)
        {
            var (value, score, note) = Thresholds.Choose(model, options.PrecisionName);
            Check(options, score, note, model);
            return (float)value;
        }

        /// <summary>Refuses, with the reason and what to do, a model or option the learner cannot serve.</summary>
        public static void Check(EmitOptions options, string thresholdScore, string? thresholdNote, ModelDescription model)
        {
            if (!options.Learner) return;
            if (thresholdNote == "none")
                throw new QuantizationException("the on-device learner needs a calibrated threshold to start from, and the model has none: run `edgevae calibrate` first");
            if (double.IsNaN(options.LearnerSigmas) || options.LearnerSigmas < 0 || options.LearnerSigmas > 64)
                throw new QuantizationException("the learner's threshold is mean + k standard deviations of the normal scores; k = "
                    + options.LearnerSigmas.ToString(CultureInfo.InvariantCulture) + " is outside [0, 64]");
            if (thresholdScore != "mse")
                throw new QuantizationException("the on-device learner calibrates a threshold on the reconstruction error (mse), and this model's "
                    + options.PrecisionName + " threshold is on " + thresholdScore + ": calibrate the model with --score mse, or emit without the learner");
        }

        /// <summary>
        /// The groups the learner learns a mean and a spread for (BaselineLearner's channels): the window's channels, whose
        /// values share a sensor's gain and offset; or, for a model with a front-end, every feature on its own — a machine
        /// that runs louder moves each band's decibels and each statistic by its own amount, which no per-channel shift can follow.
        /// </summary>
        public static int Groups(ModelDescription model) => model.FrontEnd != null ? model.FeatureSize : model.Data.Channels;

        /// <summary>Bytes of one saved state for <paramref name="channels"/> channels (BaselineLearner.StateBytes).</summary>
        public static int StateBytes(int channels) => 68 + 28 * channels;

        /// <summary>RAM the learner holds: the normalization in use and a scratch window (3 floats per feature), the per-channel integers, the tag.</summary>
        public static long RamBytes(int inputLength, int channels) => 12L * inputLength + 28L * channels + 8;

        /// <summary>The learner class's source (C# 7.3, mscorlib only), for the nanoFramework flavor to nest in the model class.</summary>
        public static string NanoFrameworkSource()
        {
            using (var stream = typeof(LearnerSupport).Assembly.GetManifestResourceStream(SourceResource))
            {
                if (stream == null) throw new QuantizationException("the learner's source is missing from " + typeof(LearnerSupport).Assembly.GetName().Name + " (a build error)");
                using (var reader = new StreamReader(stream))
                {
                    string text = reader.ReadToEnd();
                    int from = text.IndexOf(Begin, System.StringComparison.Ordinal), to = text.IndexOf(End, System.StringComparison.Ordinal);
                    return text.Substring(from + Begin.Length, to - from - Begin.Length).Trim('\r', '\n');
                }
            }
        }
    }
}
