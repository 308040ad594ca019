using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using EdgeVae.Generator.SourceGeneration;
using Microsoft.CodeAnalysis;

namespace EdgeVae.Generator.Diagnostics
{
    /// <summary>
    /// The generator's diagnostics output, apart from its source output (as dotnet/runtime's generators do since
    /// dotnet/runtime#92509): it runs on every compilation, which is cheap, so the emission steps can stay free of
    /// locations. A location in a C# file becomes a location in that file's syntax tree — the only kind a
    /// <c>#pragma warning disable</c> reaches; a location in a model file stays a file, line and column.
    /// </summary>
    internal static class DiagnosticReporter
    {
        public static void Report(SourceProductionContext ctx, ImmutableArray<ParsedRequest> requests, ImmutableArray<GenerationOutput> outputs, Compilation compilation)
        {
            var trees = new Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
                if (!trees.ContainsKey(tree.FilePath)) trees.Add(tree.FilePath, tree);
            var attributes = new Dictionary<string, LocationInfo?>(StringComparer.Ordinal);
            foreach (var p in requests)
            {
                if (!attributes.ContainsKey(p.Request.Key)) attributes.Add(p.Request.Key, p.AttributeLocation);
                foreach (var d in p.Errors) ctx.ReportDiagnostic(ToDiagnostic(d, p.AttributeLocation, trees));
            }
            foreach (var o in outputs)
            {
                attributes.TryGetValue(o.Key, out var attribute);
                foreach (var d in o.Diagnostics) ctx.ReportDiagnostic(ToDiagnostic(d, attribute, trees));
            }
        }

        private static Diagnostic ToDiagnostic(DiagnosticInfo d, LocationInfo? attribute, Dictionary<string, SyntaxTree> trees)
        {
            var args = new object[d.Arguments.Count];
            for (int i = 0; i < args.Length; i++) args[i] = d.Arguments[i];
            return Diagnostic.Create(d.Descriptor, ToLocation(d.Location ?? attribute, trees), args);
        }

        private static Location ToLocation(LocationInfo? at, Dictionary<string, SyntaxTree> trees)
        {
            if (at == null) return Location.None;
            if (trees.TryGetValue(at.Path, out var tree) && at.Start + at.Length <= tree.Length) return Location.Create(tree, at.Span);
            return Location.Create(at.Path, at.Span, at.LineSpan);
        }
    }
}
