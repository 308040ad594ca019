using System.Globalization;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.Emitters
{
    /// <summary>
    /// What a device must deliver for the model's numbers to mean anything, as constants both flavors carry: the sample
    /// rate, the hop between windows the threshold was calibrated at, and the channels in their order (a firmware can
    /// compare its sensor configuration with them at boot).
    /// </summary>
    internal static class DeviceContract
    {
        public static void Emit(IndentedWriter w, ModelDescription model)
        {
            var d = model.Data;
            w.Line("/// <summary>Samples per second of one channel the model was trained on (0: not recorded).</summary>");
            w.Line("public const double SampleRateHz = " + Number(d.SampleRate) + ";");
            w.Line("/// <summary>Steps between consecutive windows in training and calibration (0: not a time series, or not recorded).</summary>");
            w.Line("public const int Hop = " + d.Hop.ToString(CultureInfo.InvariantCulture) + ";");
            w.Line("/// <summary>The channels (or table columns) in the order the input interleaves them, comma-separated.</summary>");
            w.Line("public const string ChannelOrder = " + Identifiers.StringLiteral(string.Join(",", d.ChannelNames)) + ";");
        }

        private static string Number(double v)
        {
            if (double.IsNaN(v) || double.IsInfinity(v) || v < 0) return "0.0";
            string s = v.ToString("R", CultureInfo.InvariantCulture);
            return s.IndexOf('.') < 0 && s.IndexOf('E') < 0 ? s + ".0" : s;
        }
    }
}
