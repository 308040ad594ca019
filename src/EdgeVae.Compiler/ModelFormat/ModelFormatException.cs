using System;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>Why a model file was rejected (each maps to one generator diagnostic).</summary>
    public enum ModelFormatError
    {
        /// <summary>Not JSON, or JSON without the members a model file needs.</summary>
        Unparsable,

        /// <summary>A format version this reader does not know.</summary>
        UnsupportedVersion,

        /// <summary>Shapes, lengths or values that contradict each other or are not finite.</summary>
        Inconsistent,

        /// <summary>Over the configured size limit.</summary>
        TooLarge,

        /// <summary>Content that does not match the file's checksum (damaged, or edited without re-sealing).</summary>
        ChecksumMismatch,
    }

    /// <summary>A model file that cannot be used, with the 1-based line and column of the problem (0 when unknown).</summary>
    public sealed class ModelFormatException : Exception
    {
        public ModelFormatException(ModelFormatError error, string reason, int line, int column)
            : base(line > 0 ? "line " + line + ", column " + column + ": " + reason : reason)
        {
            Error = error;
            Reason = reason;
            Line = line;
            Column = column;
        }

        public ModelFormatError Error { get; }

        public string Reason { get; }

        public int Line { get; }

        public int Column { get; }
    }
}
