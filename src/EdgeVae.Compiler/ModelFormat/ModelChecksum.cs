using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using EdgeVae.Compiler.Json;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>
    /// The integrity seal of a model file: the top-level member <c>"checksum": "sha256:…"</c>, a SHA-256 of the file's
    /// parsed content (every member but the checksum itself). Computed over the content rather than the bytes, so line
    /// endings, indentation, member order and the spelling of a number (1.0, 1, 1e0) do not matter: it catches damage
    /// and edits, not reformatting. A file edited on purpose is re-sealed with <c>edgevae seal FILE</c>.
    /// </summary>
    public static class ModelChecksum
    {
        public const string Member = "checksum";
        private const string Prefix = "sha256:";

        /// <summary>"sha256:" and the lowercase hex digest of <paramref name="root"/>'s content without its checksum member.</summary>
        public static string Compute(JsonValue root)
        {
            var bytes = new List<byte>(1 << 16);
            Canonical(root, bytes, top: true);
            using (var sha = SHA256.Create())
            {
                var digest = sha.ComputeHash(bytes.ToArray());
                var hex = new StringBuilder(Prefix, Prefix.Length + 64);
                foreach (byte b in digest) hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                return hex.ToString();
            }
        }

        /// <summary>
        /// Verifies the seal of a parsed file: null when it matches, "no checksum" when there is none (a file written
        /// before checksums, or by hand), else throws naming the checksum's line and column.
        /// </summary>
        public static string? Verify(JsonValue root)
        {
            var stated = root.Get(Member);
            if (stated == null) return "the file has no checksum (it was written before checksums or by hand); seal it with `edgevae seal FILE` to have damage detected";
            if (stated.Kind != JsonKind.String || !stated.Text.StartsWith(Prefix, System.StringComparison.Ordinal))
                throw new ModelFormatException(ModelFormatError.Unparsable, "\"checksum\" must be a string \"sha256:<64 hex digits>\"", stated.Line, stated.Column);
            string actual = Compute(root);
            if (stated.Text != actual)
                throw new ModelFormatException(ModelFormatError.ChecksumMismatch,
                    "the content does not match its checksum: the file was damaged, or changed after it was written. If you edited it on purpose, re-seal it with `edgevae seal FILE`",
                    stated.Line, stated.Column);
            return null;
        }

        /// <summary>
        /// <paramref name="text"/> with its checksum member set to the content's checksum: the value replaced in place
        /// when there is one, else the member appended as the document's last, so the rest of the text (a hand edit's
        /// formatting included) is kept as it is. The text must be a JSON object.
        /// </summary>
        public static string Seal(string text)
        {
            var root = JsonParser.Parse(text);
            if (root.Kind != JsonKind.Object) throw new ModelFormatException(ModelFormatError.Unparsable, "the document must be a JSON object", root.Line, root.Column);
            string sum = Compute(root);
            var stated = root.Get(Member);
            if (stated != null)
            {
                if (stated.Kind != JsonKind.String)
                    throw new ModelFormatException(ModelFormatError.Unparsable, "\"checksum\" is not a string; delete the member and seal again", stated.Line, stated.Column);
                int start = Offset(text, stated.Line, stated.Column), end = text.IndexOf('"', start + 1);
                return text.Substring(0, start) + "\"" + sum + "\"" + text.Substring(end + 1);
            }
            int close = text.LastIndexOf('}');
            string head = text.Substring(0, close).TrimEnd();
            string separator = head.EndsWith("{", System.StringComparison.Ordinal) ? "" : ",";
            return head + separator + "\n  \"" + Member + "\": \"" + sum + "\"\n" + text.Substring(close);
        }

        /// <summary>The character offset of a 1-based line and column.</summary>
        private static int Offset(string text, int line, int column)
        {
            int offset = 0;
            for (int l = 1; l < line; l++) offset = text.IndexOf('\n', offset) + 1;
            return offset + column - 1;
        }

        /// <summary>
        /// A self-delimiting encoding of the value: a tag per kind, lengths before contents, object members sorted by
        /// name, numbers by their value (round-trip text of the double).
        /// </summary>
        private static void Canonical(JsonValue v, List<byte> o, bool top = false)
        {
            switch (v.Kind)
            {
                case JsonKind.Null: o.Add((byte)'n'); break;
                case JsonKind.Boolean: o.Add(v.Text == "true" ? (byte)'t' : (byte)'f'); break;
                case JsonKind.Number:
                    o.Add((byte)'d');
                    double d = double.Parse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
                    Text(d == 0 ? "0" : d.ToString("R", CultureInfo.InvariantCulture), o);
                    break;
                case JsonKind.String: o.Add((byte)'s'); Text(v.Text, o); break;
                case JsonKind.Array:
                    o.Add((byte)'a');
                    Length(v.Items.Count, o);
                    foreach (var item in v.Items) Canonical(item, o);
                    break;
                default:
                    var members = v.Members.Where(m => !(top && m.Key == Member)).OrderBy(m => m.Key, System.StringComparer.Ordinal).ToList();
                    o.Add((byte)'o');
                    Length(members.Count, o);
                    foreach (var m in members)
                    {
                        Text(m.Key, o);
                        Canonical(m.Value, o);
                    }
                    break;
            }
        }

        private static void Text(string s, List<byte> o)
        {
            var utf8 = Encoding.UTF8.GetBytes(s);
            Length(utf8.Length, o);
            o.AddRange(utf8);
        }

        private static void Length(int n, List<byte> o)
        {
            o.Add((byte)n);
            o.Add((byte)(n >> 8));
            o.Add((byte)(n >> 16));
            o.Add((byte)(n >> 24));
        }
    }
}
