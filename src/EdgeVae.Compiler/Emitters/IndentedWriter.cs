using System.Globalization;
using System.Text;

namespace EdgeVae.Compiler.Emitters
{
    /// <summary>A StringBuilder that indents with four spaces per level, for emitting C#.</summary>
    public sealed class IndentedWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private int _indent;

        public IndentedWriter Line(string text = "")
        {
            if (text.Length > 0) _sb.Append(' ', 4 * _indent).Append(text);
            _sb.Append('\n');
            return this;
        }

        public IndentedWriter Open(string text)
        {
            if (text.Length > 0) Line(text);
            Line("{");
            _indent++;
            return this;
        }

        public IndentedWriter Close(string suffix = "")
        {
            _indent--;
            return Line("}" + suffix);
        }

        /// <summary>Writes a long list of literals wrapped at about 120 characters.</summary>
        public IndentedWriter Values(System.Collections.Generic.IEnumerable<string> literals)
        {
            var line = new StringBuilder();
            foreach (string v in literals)
            {
                if (line.Length + v.Length + 2 > 116)
                {
                    Line(line.ToString().TrimEnd());
                    line.Clear();
                }
                line.Append(v).Append(", ");
            }
            if (line.Length > 0) Line(line.ToString().TrimEnd());
            return this;
        }

        public override string ToString() => _sb.ToString();

        public static string Float(float v)
        {
            if (float.IsNaN(v) || float.IsInfinity(v)) throw new System.ArgumentException("Cannot emit a non-finite float literal.");
            string s = v.ToString("R", CultureInfo.InvariantCulture);
            if (s.IndexOf('E') < 0 && s.IndexOf('.') < 0) s += ".0";
            return s + "f";
        }

        public static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
