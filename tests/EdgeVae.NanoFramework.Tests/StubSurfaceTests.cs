using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// The stub declares nothing nanoFramework lacks: every public member is in the API list. Only System.Math is a stub
/// (its package is not served here); mscorlib is the real one.
/// </summary>
public class StubSurfaceTests
{
    [Theory]
    [InlineData("System.Math.stub.cs.txt")]
    public void Every_stub_member_is_in_the_api_list(string stub)
    {
        string[] api = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "ApiSurface", "nanoframework-1.17-api.txt"));
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(NanoFrameworkBuild.StubPath(stub))).GetRoot();
        var missing = new List<string>();
        foreach (var type in root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
        {
            string ns = type.Ancestors().OfType<NamespaceDeclarationSyntax>().First().Name.ToString();
            string full = ns + "." + type.Identifier.Text;
            var lines = api.Where(l => l.StartsWith(full + ":", StringComparison.Ordinal) || l.StartsWith(full + " :", StringComparison.Ordinal)).ToArray();
            if (lines.Length == 0) { missing.Add(full); continue; }
            foreach (var member in type.DescendantNodes().OfType<MemberDeclarationSyntax>().Where(m => m.Parent == type))
            {
                string? name = member switch
                {
                    MethodDeclarationSyntax m when m.Modifiers.Any(SyntaxKind.PublicKeyword) => " " + m.Identifier.Text + "(",
                    PropertyDeclarationSyntax p when p.Modifiers.Any(SyntaxKind.PublicKeyword) => " " + p.Identifier.Text + " {",
                    FieldDeclarationSyntax f when f.Modifiers.Any(SyntaxKind.PublicKeyword) => " " + f.Declaration.Variables[0].Identifier.Text,
                    ConstructorDeclarationSyntax c when c.Modifiers.Any(SyntaxKind.PublicKeyword) => ".ctor(",
                    _ => null,
                };
                if (name is not null && !lines.Any(l => l.Contains(name, StringComparison.Ordinal))) missing.Add(full + name);
            }
        }
        Assert.True(missing.Count == 0, "not in nanoFramework's API list: " + string.Join(", ", missing));
    }
}
