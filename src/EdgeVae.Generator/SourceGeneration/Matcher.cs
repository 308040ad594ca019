using System;
using System.Collections.Immutable;
using EdgeVae.Compiler.Model;
using EdgeVae.Generator.Diagnostics;

namespace EdgeVae.Generator.SourceGeneration
{
    /// <summary>Finds the additional file a request names: the same relative path, or the same file name.</summary>
    internal static class Matcher
    {
        public static GenerationSpec Match(ModelRequest request, ImmutableArray<ParsedModelFile> files)
        {
            string wanted = Normalize(request.ModelPath);
            string fileName = System.IO.Path.GetFileName(wanted);
            foreach (var f in files)
            {
                string path = Normalize(f.Path);
                if (path == wanted || path.EndsWith("/" + wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(path, wanted, StringComparison.OrdinalIgnoreCase))
                {
                    var diagnostics = f.Error == null ? EquatableArray<DiagnosticInfo>.Empty : new EquatableArray<DiagnosticInfo>(new[] { f.Error });
                    return new GenerationSpec(request, fileName, f.Model, diagnostics);
                }
            }
            var missing = DiagnosticInfo.AtAttribute(DiagnosticDescriptors.ModelFileNotFound, request.ModelPath);
            return new GenerationSpec(request, fileName, null, new EquatableArray<DiagnosticInfo>(new[] { missing }));
        }

        private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');
    }
}
