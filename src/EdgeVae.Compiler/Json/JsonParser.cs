using System.Collections.Generic;
using System.Text;

namespace EdgeVae.Compiler.Json
{
    /// <summary>
    /// A strict RFC 8259 parser for model files: no comments, no trailing commas, no duplicate names, bounded
    /// nesting. Errors are <see cref="JsonException"/>s with the line and column of the offending character.
    /// It never recurses deeper than <see cref="MaxDepth"/>, so a hostile file cannot overflow the stack.
    /// </summary>
    public sealed class JsonParser
    {
        public const int MaxDepth = 32;

        private readonly string _text;
        private int _pos, _line = 1, _lineStart;

        private JsonParser(string text) => _text = text;

        /// <summary>Parses one JSON document (whitespace around it allowed).</summary>
        public static JsonValue Parse(string text)
        {
            var p = new JsonParser(text);
            p.SkipWhitespace();
            var value = p.ParseValue(0);
            p.SkipWhitespace();
            if (p._pos < text.Length) throw p.Error("unexpected text after the end of the document");
            return value;
        }

        private int Column => _pos - _lineStart + 1;

        private JsonException Error(string reason) => new JsonException(reason, _line, Column);

        private JsonValue ParseValue(int depth)
        {
            if (_pos >= _text.Length) throw Error("unexpected end of file (the file is truncated)");
            int line = _line, column = Column;
            char c = _text[_pos];
            switch (c)
            {
                case '{': return ParseObject(depth + 1, line, column);
                case '[': return ParseArray(depth + 1, line, column);
                case '"': return JsonValue.Scalar(JsonKind.String, ParseString(), line, column);
                case 't': Expect("true"); return JsonValue.Scalar(JsonKind.Boolean, "true", line, column);
                case 'f': Expect("false"); return JsonValue.Scalar(JsonKind.Boolean, "false", line, column);
                case 'n': Expect("null"); return JsonValue.Scalar(JsonKind.Null, "null", line, column);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return JsonValue.Scalar(JsonKind.Number, ParseNumber(), line, column);
                    throw Error("unexpected character " + Describe(c));
            }
        }

        private JsonValue ParseObject(int depth, int line, int column)
        {
            if (depth > MaxDepth) throw Error("nesting deeper than " + MaxDepth + " levels");
            _pos++;
            var members = new List<KeyValuePair<string, JsonValue>>();
            var names = new HashSet<string>();
            SkipWhitespace();
            if (Peek() == '}') { _pos++; return JsonValue.Object(members, line, column); }
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"') throw Error("expected a member name in double quotes");
                int nameLine = _line, nameColumn = Column;
                string name = ParseString();
                if (!names.Add(name)) throw new JsonException("duplicate member \"" + Printable(name) + "\"", nameLine, nameColumn);
                SkipWhitespace();
                if (Peek() != ':') throw Error("expected ':' after member name");
                _pos++;
                SkipWhitespace();
                members.Add(new KeyValuePair<string, JsonValue>(name, ParseValue(depth)));
                SkipWhitespace();
                char c = Peek();
                _pos++;
                if (c == '}') return JsonValue.Object(members, line, column);
                if (c != ',') { _pos--; throw Error(c == '\0' ? "unexpected end of file inside an object" : "expected ',' or '}'"); }
            }
        }

        private JsonValue ParseArray(int depth, int line, int column)
        {
            if (depth > MaxDepth) throw Error("nesting deeper than " + MaxDepth + " levels");
            _pos++;
            var items = new List<JsonValue>();
            SkipWhitespace();
            if (Peek() == ']') { _pos++; return JsonValue.Array(items, line, column); }
            while (true)
            {
                SkipWhitespace();
                items.Add(ParseValue(depth));
                SkipWhitespace();
                char c = Peek();
                _pos++;
                if (c == ']') return JsonValue.Array(items, line, column);
                if (c != ',') { _pos--; throw Error(c == '\0' ? "unexpected end of file inside an array" : "expected ',' or ']'"); }
            }
        }

        private string ParseString()
        {
            _pos++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) throw Error("unterminated string");
                char c = _text[_pos++];
                if (c == '"') return sb.ToString();
                if (c < 0x20) { _pos--; throw Error("control character " + Describe(c) + " inside a string (escape it)"); }
                if (c != '\\') { sb.Append(c); continue; }
                if (_pos >= _text.Length) throw Error("unterminated escape");
                char e = _text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length) throw Error("truncated \\u escape");
                        int code = 0;
                        for (int i = 0; i < 4; i++)
                        {
                            int h = Hex(_text[_pos + i]);
                            if (h < 0) { _pos += i; throw Error("invalid hex digit in \\u escape"); }
                            code = code * 16 + h;
                        }
                        _pos += 4;
                        sb.Append((char)code);
                        break;
                    default:
                        _pos--;
                        throw Error("invalid escape \\" + Describe(e));
                }
            }
        }

        private string ParseNumber()
        {
            int start = _pos;
            if (Peek() == '-') _pos++;
            if (Peek() == '0') _pos++;
            else if (IsDigit(Peek())) while (IsDigit(Peek())) _pos++;
            else throw Error("expected a digit");
            if (Peek() == '.')
            {
                _pos++;
                if (!IsDigit(Peek())) throw Error("expected a digit after '.'");
                while (IsDigit(Peek())) _pos++;
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                _pos++;
                if (Peek() == '+' || Peek() == '-') _pos++;
                if (!IsDigit(Peek())) throw Error("expected a digit in the exponent");
                while (IsDigit(Peek())) _pos++;
            }
            if (_pos - start > 64) throw new JsonException("number literal longer than 64 characters", _line, start - _lineStart + 1);
            return _text.Substring(start, _pos - start);
        }

        private void Expect(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) throw Error("unexpected character " + Describe(_text[_pos]));
            _pos += word.Length;
        }

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == '\n') { _line++; _pos++; _lineStart = _pos; }
                else if (c == ' ' || c == '\t' || c == '\r') _pos++;
                else if (c == '\uFEFF' && _pos == 0) _pos++;
                else break;
            }
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static int Hex(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        private static string Describe(char c) =>
            c >= 0x20 && c < 0x7F ? "'" + c + "'" : "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>A string safe to quote in an error message: control characters escaped, length capped.</summary>
        internal static string Printable(string s)
        {
            var sb = new StringBuilder();
            foreach (char c in s)
            {
                if (sb.Length >= 60) { sb.Append("…"); break; }
                if (c < 0x20 || c == 0x7F || (c >= 0x80 && char.IsControl(c))) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
