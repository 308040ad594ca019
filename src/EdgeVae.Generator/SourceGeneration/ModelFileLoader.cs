using System;
using System.Threading;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EdgeVae.Generator.SourceGeneration
{
    /// <summary>Reads one .evae additional file; a bad file becomes a diagnostic at the offending line, never an exception.</summary>
    internal static class ModelFileLoader
    {
        public static ParsedModelFile Load(AdditionalText file, int maxChars, CancellationToken ct)
        {
            SourceText? text = file.GetText(ct);
            string name = System.IO.Path.GetFileName(file.Path);
            if (text == null)
                return Failed(file, DiagnosticInfo.At(DiagnosticDescriptors.Unparsable, At(file.Path, null, 0, 0), name, "the file cannot be read"));
            if (text.Length > maxChars)
                return Failed(file, DiagnosticInfo.At(DiagnosticDescriptors.ModelTooLarge, At(file.Path, text, 0, 0), name,
                    "it has " + text.Length + " characters, over the limit of " + maxChars + " (raise <EdgeVaeMaxModelChars> in the project or use a smaller model)"));
            try
            {
                var warnings = new System.Collections.Generic.List<string>();
                var model = ModelFileReader.Read(text.ToString(), maxChars, warnings: warnings);
                // A file without a checksum loads, with one warning at its start (the model's Error slot carries it).
                return new ParsedModelFile(file.Path, model, warnings.Count == 0 ? null
                    : DiagnosticInfo.At(DiagnosticDescriptors.NoChecksum, At(file.Path, text, 1, 1), name, warnings[0]));
            }
            catch (ModelFormatException e)
            {
                var descriptor = e.Error == ModelFormatError.Unparsable ? DiagnosticDescriptors.Unparsable
                    : e.Error == ModelFormatError.UnsupportedVersion ? DiagnosticDescriptors.UnsupportedVersion
                    : e.Error == ModelFormatError.TooLarge ? DiagnosticDescriptors.ModelTooLarge
                    : e.Error == ModelFormatError.ChecksumMismatch ? DiagnosticDescriptors.ChecksumMismatch : DiagnosticDescriptors.InconsistentModel;
                return Failed(file, DiagnosticInfo.At(descriptor, At(file.Path, text, e.Line, e.Column), name, "line " + e.Line + ", column " + e.Column + ": " + e.Reason));
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                // The reader is written to throw only ModelFormatException; a defect becomes a diagnostic, never a dead compiler.
                return Failed(file, DiagnosticInfo.At(DiagnosticDescriptors.InternalError, At(file.Path, text, 0, 0), "reading model file '" + name + "'", e.GetType().Name + ": " + e.Message));
            }
        }

        private static ParsedModelFile Failed(AdditionalText file, DiagnosticInfo error) => new ParsedModelFile(file.Path, null, error);

        /// <summary>Line and column (1-based, as the reader counts) of the model file, clamped to the text.</summary>
        private static LocationInfo At(string path, SourceText? text, int line, int column)
        {
            if (text == null || text.Lines.Count == 0) return new LocationInfo(path, 0, 0, 0, 0, 0, 0);
            int l = Math.Max(0, Math.Min(line - 1, text.Lines.Count - 1));
            var textLine = text.Lines[l];
            int c = Math.Max(0, Math.Min(column - 1, textLine.End - textLine.Start));
            return new LocationInfo(path, textLine.Start + c, 0, l, c, l, c);
        }
    }
}
