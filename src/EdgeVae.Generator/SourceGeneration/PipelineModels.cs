using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EdgeVae.Generator.SourceGeneration
{
    /// <summary>
    /// A source location as plain data (a <see cref="Location"/> would root the compilation). Only the diagnostics
    /// pipeline holds these; the values emission depends on carry none, so moving a line re-emits nothing.
    /// </summary>
    public sealed record LocationInfo(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
    {
        public TextSpan Span => new TextSpan(Start, Length);

        public LinePositionSpan LineSpan => new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn));

        public static LocationInfo? From(Location? location)
        {
            if (location == null || location.SourceTree == null) return null;
            var span = location.GetLineSpan();
            return new LocationInfo(span.Path, location.SourceSpan.Start, location.SourceSpan.Length,
                span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character);
        }
    }

    /// <summary>
    /// A diagnostic as plain data: its descriptor, where, and the message arguments. A null location means "at the
    /// [EdgeVaeModel] attribute of the class it concerns", which the diagnostics pipeline knows and emission does not.
    /// </summary>
    public sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo AtAttribute(DiagnosticDescriptor descriptor, params string[] arguments) =>
            new DiagnosticInfo(descriptor, null, new EquatableArray<string>(arguments));

        public static DiagnosticInfo At(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
            new DiagnosticInfo(descriptor, location, new EquatableArray<string>(arguments));
    }

    /// <summary>One [EdgeVaeModel] class as the compiler sees it: no locations, so the emission steps cache across line moves.</summary>
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
        bool Learner = false,
        double LearnerSigmas = 3.0)
    {
        /// <summary>The class's full name: what joins an emission's diagnostics to the attribute they are reported at.</summary>
        public string Key => Namespace.Length > 0 ? Namespace + "." + ClassName : ClassName;
    }

    /// <summary>What the parser read from one attributed class: the request, where its attribute is, and what is wrong with it.</summary>
    public sealed record ParsedRequest(ModelRequest Request, LocationInfo? AttributeLocation, EquatableArray<DiagnosticInfo> Errors);

    /// <summary>One .evae additional file: its model, or why it could not be read (at a line and column of the file).</summary>
    /// <summary>A read model file: the model, or the error that stopped it; with a model, Error may hold a warning about it.</summary>
    public sealed record ParsedModelFile(string Path, ModelDescription? Model, DiagnosticInfo? Error);

    /// <summary>A request matched with its model file (or the reason it could not be).</summary>
    public sealed record GenerationSpec(ModelRequest Request, string FileName, ModelDescription? Model, EquatableArray<DiagnosticInfo> Errors);

    /// <summary>What one spec produces: a hint name and source (or none) and the diagnostics to report, keyed by the class.</summary>
    public sealed record GenerationOutput(string Key, string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);
}
