using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Model;
using EdgeVae.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeVae.Generator.SourceGeneration
{
    public sealed partial class EdgeVaeGenerator
    {
        /// <summary>Reads an attributed class into a <see cref="ParsedRequest"/> (no symbols leave this method).</summary>
        internal static class Parser
        {
            public static ParsedRequest Parse(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
            {
                try
                {
                    return ParseClass(ctx, ct);
                }
                catch (System.Exception e) when (!(e is System.OperationCanceledException))
                {
                    var request = new ModelRequest("", ctx.TargetSymbol.Name, "internal", "", EmitPrecision.Int8, EmitTarget.DotNet, false, 0, 0);
                    var error = DiagnosticInfo.At(DiagnosticDescriptors.InternalError, LocationInfo.From(ctx.TargetNode.GetLocation()),
                        "reading the [EdgeVaeModel] attribute of '" + ctx.TargetSymbol.Name + "'", e.GetType().Name + ": " + e.Message);
                    return new ParsedRequest(request, null, new EquatableArray<DiagnosticInfo>(new[] { error }));
                }
            }

            private static ParsedRequest ParseClass(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
            {
                var symbol = (INamedTypeSymbol)ctx.TargetSymbol;
                var syntax = (ClassDeclarationSyntax)ctx.TargetNode;
                var attribute = ctx.Attributes[0];
                var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation() ?? syntax.Identifier.GetLocation());
                var errors = new List<DiagnosticInfo>();
                string className = symbol.Name;

                bool isPartial = syntax.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword));
                if (!symbol.IsStatic || !isPartial || symbol.ContainingType != null || symbol.IsGenericType)
                    errors.Add(DiagnosticInfo.At(DiagnosticDescriptors.NotStaticPartial, LocationInfo.From(syntax.Identifier.GetLocation()), className));

                string path = "";
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string p) path = p.Trim();
                if (path.Length == 0) errors.Add(Bad(location, className, "the model path is empty; give the .evae file's name, e.g. [EdgeVaeModel(\"motor.evae\")]"));

                var precision = EmitPrecision.Int8;
                var target = EmitTarget.DotNet;
                bool targetGiven = false;
                int ram = 0, flash = 0;
                bool learner = false;
                double sigmas = 3.0;
                foreach (var named in attribute.NamedArguments)
                {
                    object? value = named.Value.Value;
                    switch (named.Key)
                    {
                        case "Precision":
                            if (value is int pv && pv >= 0 && pv <= 2) precision = (EmitPrecision)pv;
                            else errors.Add(Bad(location, className, "Precision must be EdgeVaePrecision.Int8, Int16 or Float32"));
                            break;
                        case "Target":
                            if (value is int tv && (tv == 0 || tv == 1)) { target = (EmitTarget)tv; targetGiven = true; }
                            else errors.Add(Bad(location, className, "Target must be EdgeVaeTarget.DotNet or NanoFramework"));
                            break;
                        case "RamBudget":
                            if (value is int r && r >= 0) ram = r;
                            else errors.Add(Bad(location, className, "RamBudget must be a non-negative number of bytes"));
                            break;
                        case "FlashBudget":
                            if (value is int f && f >= 0) flash = f;
                            else errors.Add(Bad(location, className, "FlashBudget must be a non-negative number of bytes"));
                            break;
                        case "Learner":
                            if (value is bool lv) learner = lv;
                            break;
                        case "LearnerSigmas":
                            if (value is double sv && sv >= 0 && sv <= 64) sigmas = sv;
                            else errors.Add(Bad(location, className, "LearnerSigmas must lie in [0, 64] (standard deviations above the mean normal score)"));
                            break;
                    }
                }

                string ns = symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString();
                string access = symbol.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
                var request = new ModelRequest(ns, className, access, path, precision, target, targetGiven, ram, flash, learner, sigmas);
                return new ParsedRequest(request, location, new EquatableArray<DiagnosticInfo>(errors.ToArray()));
            }

            private static DiagnosticInfo Bad(LocationInfo? at, string className, string reason) =>
                DiagnosticInfo.At(DiagnosticDescriptors.BadAttributeArgument, at, className, reason);
        }
    }
}
