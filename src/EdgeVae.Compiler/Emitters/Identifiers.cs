using System.Globalization;
using System.Text;

namespace EdgeVae.Compiler.Emitters
{
    /// <summary>
    /// Makes text from a model file safe to put in generated code. Model files are untrusted: a name may hold
    /// quotes, newlines, <c>*/</c>, <c>#pragma</c> or unicode escapes. Identifiers keep only letters, digits and
    /// underscores; text only ever appears inside a C# string or a single-line comment, fully escaped.
    /// </summary>
    public static class Identifiers
    {
        private static readonly string[] Keywords =
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
            "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
            "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
            "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
            "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
            "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
            "using", "virtual", "void", "volatile", "while",
        };

        /// <summary>An identifier built from <paramref name="text"/>: ASCII letters, digits and '_' only, never a keyword.</summary>
        public static string Sanitize(string text, string fallback = "Model")
        {
            var sb = new StringBuilder();
            foreach (char c in text)
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
            string s = sb.ToString().Trim('_');
            if (s.Length == 0) s = fallback;
            if (s[0] >= '0' && s[0] <= '9') s = "_" + s;
            if (System.Array.IndexOf(Keywords, s) >= 0) s = "@" + s;
            return s.Length > 64 ? s.Substring(0, 64) : s;
        }

        /// <summary>A C# string literal for <paramref name="text"/> with everything outside printable ASCII escaped.</summary>
        public static string StringLiteral(string text)
        {
            var sb = new StringBuilder("\"");
            foreach (char c in text)
            {
                if (c == '"') sb.Append("\\\"");
                else if (c == '\\') sb.Append("\\\\");
                else if (c >= 0x20 && c < 0x7F) sb.Append(c);
                else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            return sb.Append('"').ToString();
        }

        /// <summary>Text for a single-line comment: printable ASCII only, no way to end the line or open a directive.</summary>
        public static string Comment(string text)
        {
            var sb = new StringBuilder();
            foreach (char c in text)
            {
                if (sb.Length >= 80) { sb.Append("..."); break; }
                sb.Append(c >= 0x20 && c < 0x7F ? c : '?');
            }
            return sb.ToString();
        }
    }
}
