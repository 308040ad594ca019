using System;

namespace EdgeVae.Compiler.Json
{
    /// <summary>A syntax error in a JSON document, at a 1-based line and column.</summary>
    public sealed class JsonException : Exception
    {
        public JsonException(string reason, int line, int column)
            : base("line " + line + ", column " + column + ": " + reason)
        {
            Reason = reason;
            Line = line;
            Column = column;
        }

        public string Reason { get; }

        public int Line { get; }

        public int Column { get; }
    }
}
