using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Generator.SourceGeneration
{
    /// <summary>
    /// Turns <c>[EdgeVaeModel("motor.evae")] static partial class MotorModel;</c> plus the model file in
    /// AdditionalFiles into allocation-free inference code. Pipeline: attributed classes → requests; .evae files →
    /// parsed models; each request joined with its file → spec → (source, diagnostics). Every step holds plain
    /// equatable data, so an unrelated edit re-emits nothing and a model edit re-emits only that model.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class EdgeVaeGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(ctx => ctx.AddSource("EdgeVaeModelAttribute.g.cs", AttributeSource.Text));

            var requests = context.SyntaxProvider.ForAttributeWithMetadataName(
                    AttributeSource.AttributeFullName,
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, ct) => Parser.Parse(ctx, ct))
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

            context.RegisterSourceOutput(outputs, static (ctx, output) =>
            {
                foreach (var d in output.Diagnostics) ctx.ReportDiagnostic(Emission.ToDiagnostic(d));
                if (output.Source != null) ctx.AddSource(output.HintName, output.Source);
            });
        }
    }
}
