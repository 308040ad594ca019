using System.Collections.Generic;

namespace EdgeVae.Compiler.Json
{
    /// <summary>The kinds of JSON value.</summary>
    public enum JsonKind
    {
        Null,
        Boolean,
        Number,
        String,
        Array,
        Object,
    }

    /// <summary>
    /// A parsed JSON value with the 1-based line and column where it starts, so a reader can say where a
    /// model file is wrong. Numbers keep their text and are parsed on demand (invariant culture).
    /// </summary>
    public sealed class JsonValue
    {
        private JsonValue(JsonKind kind, int line, int column)
        {
            Kind = kind;
            Line = line;
            Column = column;
        }

        public JsonKind Kind { get; }

        public int Line { get; }

        public int Column { get; }

        /// <summary>The string's value, the number's text, or "true"/"false".</summary>
        public string Text { get; private set; } = "";

        /// <summary>Array items in order.</summary>
        public IReadOnlyList<JsonValue> Items { get; private set; } = new JsonValue[0];

        /// <summary>Object members in file order (names are unique: the parser rejects duplicates).</summary>
        public IReadOnlyList<KeyValuePair<string, JsonValue>> Members { get; private set; } = new KeyValuePair<string, JsonValue>[0];

        internal static JsonValue Scalar(JsonKind kind, string text, int line, int column) =>
            new JsonValue(kind, line, column) { Text = text };

        internal static JsonValue Array(List<JsonValue> items, int line, int column) =>
            new JsonValue(JsonKind.Array, line, column) { Items = items };

        internal static JsonValue Object(List<KeyValuePair<string, JsonValue>> members, int line, int column) =>
            new JsonValue(JsonKind.Object, line, column) { Members = members };

        /// <summary>The member named <paramref name="name"/>, or null.</summary>
        public JsonValue? Get(string name)
        {
            foreach (var m in Members)
                if (m.Key == name) return m.Value;
            return null;
        }

        public override string ToString() => Kind + " at line " + Line + ", column " + Column;
    }
}
