using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeVae.Generator.SourceGeneration
{
    public sealed partial class EdgeVaeGenerator
    {
        /// <summary>Reads an attributed class into a <see cref="ModelRequest"/> (no symbols leave this method).</summary>
        internal static class Parser
        {
            public static ModelRequest Parse(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
            {
                var symbol = (INamedTypeSymbol)ctx.TargetSymbol;
                var syntax = (ClassDeclarationSyntax)ctx.TargetNode;
                var attribute = ctx.Attributes[0];
                var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation() ?? syntax.Identifier.GetLocation());
                var errors = new List<DiagnosticInfo>();
                string className = symbol.Name;

                bool isPartial = syntax.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword));
                if (!symbol.IsStatic || !isPartial || symbol.ContainingType != null || symbol.IsGenericType)
                    errors.Add(new DiagnosticInfo("EVAE007", LocationInfo.From(syntax.Identifier.GetLocation()), new EquatableArray<string>(new[] { className })));

                string path = "";
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string p) path = p.Trim();
                if (path.Length == 0) errors.Add(Bad(location, className, "the model path is empty; give the .evae file's name, e.g. [EdgeVaeModel(\"motor.evae\")]"));

                var precision = EmitPrecision.Int8;
                var target = EmitTarget.DotNet;
                bool targetGiven = false;
                int ram = 0, flash = 0;
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
                    }
                }

                string ns = symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString();
                string access = symbol.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
                return new ModelRequest(ns, className, access, path, precision, target, targetGiven, ram, flash, location, new EquatableArray<DiagnosticInfo>(errors.ToArray()));
            }

            private static DiagnosticInfo Bad(LocationInfo? at, string className, string reason) =>
                new DiagnosticInfo("EVAE006", at, new EquatableArray<string>(new[] { className, reason }));
        }
    }
}
