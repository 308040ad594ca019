using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Generator.Diagnostics;

namespace EdgeVae.Generator.SourceGeneration
{
    /// <summary>
    /// Turns <c>[EdgeVaeModel("motor.evae")] static partial class MotorModel;</c> plus the model file in
    /// AdditionalFiles into allocation-free inference code. Pipeline: attributed classes → location-free requests; .evae
    /// files → parsed models; each request joined with its file → spec → (source, diagnostics). Every step holds plain
    /// equatable data without locations, so an unrelated edit or a moved line re-emits nothing and a model edit re-emits
    /// only that model; diagnostics join their attribute's location in a separate output.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class EdgeVaeGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(ctx => ctx.AddSource("EdgeVaeModelAttribute.g.cs", AttributeSource.Text));

            // The attributed classes with where their attributes are (for diagnostics only), and the location-free
            // requests emission depends on: moving the attribute's line changes the first, not the second.
            var parsed = context.SyntaxProvider.ForAttributeWithMetadataName(
                    AttributeSource.AttributeFullName,
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, ct) => Parser.Parse(ctx, ct))
                .WithTrackingName(StepNames.Attributes);
            var requests = parsed
                .Where(static p => p.Errors.Count == 0)
                .Select(static (p, _) => p.Request)
                .WithTrackingName(StepNames.Requests);

            var maxChars = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
                options.GlobalOptions.TryGetValue("build_property.EdgeVaeMaxModelChars", out var text)
                && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
                    ? n : ModelFileReader.DefaultMaxChars);

            var files = context.AdditionalTextsProvider
                .Where(static f => f.Path.EndsWith(ModelFileFormat.Extension, StringComparison.OrdinalIgnoreCase))
                .Combine(maxChars)
                .Select(static (pair, ct) => ModelFileLoader.Load(pair.Left, pair.Right, ct))
                .WithTrackingName(StepNames.ModelFiles);

            // <EdgeVaeTarget>nanoframework</EdgeVaeTarget> in the project picks the flavor for every model that does not name one.
            var defaultTarget = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
                options.GlobalOptions.TryGetValue("build_property.EdgeVaeTarget", out var text)
                && string.Equals(text?.Trim(), "nanoframework", StringComparison.OrdinalIgnoreCase) ? EmitTarget.NanoFramework : EmitTarget.DotNet);

            var specs = requests.Combine(defaultTarget)
                .Select(static (pair, _) => pair.Left.TargetGiven ? pair.Left : pair.Left with { Target = pair.Right })
                .Combine(files.Collect())
                .Select(static (pair, _) => Matcher.Match(pair.Left, pair.Right))
                .WithTrackingName(StepNames.Specs);

            var outputs = specs.Select(static (spec, _) => Emission.Emit(spec)).WithTrackingName(StepNames.Emission);

            context.RegisterSourceOutput(outputs.Select(static (o, _) => (o.HintName, o.Source)), static (ctx, o) =>
            {
                if (o.Source != null) ctx.AddSource(o.HintName, o.Source);
            });

            // Diagnostics in their own output, with the compilation for source locations a #pragma reaches.
            var diagnostics = parsed.Collect().Combine(outputs.Collect()).Combine(context.CompilationProvider);
            context.RegisterSourceOutput(diagnostics, static (ctx, all) => DiagnosticReporter.Report(ctx, all.Left.Left, all.Left.Right, all.Right));
        }
    }
}
