using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EdgeVae.Generator.SourceGeneration
{
    /// <summary>A source location as plain data (a <see cref="Location"/> would root the compilation).</summary>
    public sealed record LocationInfo(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
    {
        public Location ToLocation() => Location.Create(Path, new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));

        public static LocationInfo? From(Location? location)
        {
            if (location == null || location.SourceTree == null) return null;
            var span = location.GetLineSpan();
            return new LocationInfo(span.Path, location.SourceSpan.Start, location.SourceSpan.Length,
                span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character);
        }
    }

    /// <summary>A diagnostic as plain data: descriptor ID, where, and the message arguments.</summary>
    public sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments);

    /// <summary>One [EdgeVaeModel] class as the parser saw it.</summary>
    public sealed record ModelRequest(
        string Namespace,
        string ClassName,
        string Accessibility,
        string ModelPath,
        EmitPrecision Precision,
        EmitTarget Target,
        bool TargetGiven,
        int RamBudget,
        int FlashBudget,
        LocationInfo? AttributeLocation,
        EquatableArray<DiagnosticInfo> Errors);

    /// <summary>One .evae additional file: its model, or why it could not be read.</summary>
    public sealed record ParsedModelFile(string Path, ModelDescription? Model, DiagnosticInfo? Error);

    /// <summary>A request matched with its model file (or the reason it could not be).</summary>
    public sealed record GenerationSpec(ModelRequest Request, string FileName, ModelDescription? Model, EquatableArray<DiagnosticInfo> Errors);

    /// <summary>What one spec produces: a hint name and source (or none) and the diagnostics to report.</summary>
    public sealed record GenerationOutput(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);
}
