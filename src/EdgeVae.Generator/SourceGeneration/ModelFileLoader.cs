using System;
using System.Threading;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
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
                return new ParsedModelFile(file.Path, null, Error("EVAE002", file.Path, null, 0, 0, name, "the file cannot be read"));
            if (text.Length > maxChars)
                return new ParsedModelFile(file.Path, null, Error("EVAE005", file.Path, text, 0, 0, name,
                    "it has " + text.Length + " characters, over the limit of " + maxChars + " (raise <EdgeVaeMaxModelChars> in the project or use a smaller model)"));
            try
            {
                return new ParsedModelFile(file.Path, ModelFileReader.Read(text.ToString(), maxChars), null);
            }
            catch (ModelFormatException e)
            {
                string id = e.Error == ModelFormatError.Unparsable ? "EVAE002"
                    : e.Error == ModelFormatError.UnsupportedVersion ? "EVAE003"
                    : e.Error == ModelFormatError.TooLarge ? "EVAE005" : "EVAE004";
                return new ParsedModelFile(file.Path, null, Error(id, file.Path, text, e.Line, e.Column, name, "line " + e.Line + ", column " + e.Column + ": " + e.Reason));
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                // The reader is written to throw only ModelFormatException; this keeps the compiler alive if it ever does not.
                return new ParsedModelFile(file.Path, null, Error("EVAE002", file.Path, text, 0, 0, name, "unexpected " + e.GetType().Name));
            }
        }

        private static DiagnosticInfo Error(string id, string path, SourceText? text, int line, int column, string name, string reason)
        {
            LocationInfo? at = null;
            if (text != null && text.Lines.Count > 0)
            {
                int l = Math.Max(0, Math.Min(line - 1, text.Lines.Count - 1));
                var textLine = text.Lines[l];
                int c = Math.Max(0, Math.Min(column - 1, textLine.End - textLine.Start));
                at = new LocationInfo(path, textLine.Start + c, 0, l, c, l, c);
            }
            else at = new LocationInfo(path, 0, 0, 0, 0, 0, 0);
            return new DiagnosticInfo(id, at, new EquatableArray<string>(new[] { name, reason }));
        }
    }
}
