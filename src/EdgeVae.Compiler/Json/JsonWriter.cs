using System.Globalization;
using System.Text;

namespace EdgeVae.Compiler.Json
{
    /// <summary>
    /// Writes indented JSON (two spaces) for model files. Scalars inside arrays of numbers stay on one line so
    /// a file stays readable; doubles are written in round-trip form ("R"), never NaN or infinity.
    /// </summary>
    public sealed class JsonWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private int _depth;
        private bool _needComma;
        private bool _inline;

        public void StartObject(string? name = null) => Open(name, '{');

        public void EndObject() => Close('}');

        public void StartArray(string? name = null, bool inline = false)
        {
            Open(name, '[');
            _inline = inline;
        }

        public void EndArray()
        {
            bool inline = _inline;
            _inline = false;
            if (inline)
            {
                _depth--;
                _sb.Append(']');
                _needComma = true;
            }
            else Close(']');
        }

        public void String(string? name, string value)
        {
            Prefix(name);
            WriteQuoted(value);
        }

        public void Number(string? name, long value)
        {
            Prefix(name);
            _sb.Append(value.ToString(CultureInfo.InvariantCulture));
        }

        public void Number(string? name, double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
                throw new System.ArgumentException("JSON cannot hold " + value + (name == null ? "" : " (member \"" + name + "\")") + ".");
            Prefix(name);
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            _sb.Append(text);
        }

        /// <summary>Writes already-serialised JSON (e.g. a section kept verbatim from another file).</summary>
        public void Raw(string? name, string json)
        {
            Prefix(name);
            _sb.Append(json);
        }

        public void Boolean(string? name, bool value)
        {
            Prefix(name);
            _sb.Append(value ? "true" : "false");
        }

        public override string ToString() => _sb.ToString() + "\n";

        private void Open(string? name, char bracket)
        {
            Prefix(name);
            _sb.Append(bracket);
            _depth++;
            _needComma = false;
        }

        private void Close(char bracket)
        {
            _depth--;
            if (_needComma) NewLine();
            _sb.Append(bracket);
            _needComma = true;
        }

        private void Prefix(string? name)
        {
            if (_needComma) _sb.Append(',');
            if (_inline) { if (_needComma) _sb.Append(' '); }
            else if (_sb.Length > 0) NewLine();
            if (name != null)
            {
                WriteQuoted(name);
                _sb.Append(": ");
            }
            _needComma = true;
        }

        private void NewLine()
        {
            _sb.Append('\n');
            _sb.Append(' ', 2 * _depth);
        }

        private void WriteQuoted(string s) => Quote(_sb, s);

        /// <summary>Appends <paramref name="s"/> as a JSON string literal, escaping everything outside printable ASCII.</summary>
        internal static void Quote(StringBuilder _sb, string s)
        {
            _sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': _sb.Append("\\\""); break;
                    case '\\': _sb.Append("\\\\"); break;
                    case '\n': _sb.Append("\\n"); break;
                    case '\r': _sb.Append("\\r"); break;
                    case '\t': _sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c > 0x7E) _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else _sb.Append(c);
                        break;
                }
            }
            _sb.Append('"');
        }
    }
}
