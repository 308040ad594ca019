using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>
/// What nanoFramework's build does to emitted code, as far as this machine can: compile it at C# 7.3 against the real
/// mscorlib 1.17 (the nanoFramework.CoreLibrary package's lib/mscorlib.dll) and nothing else (emitted code needs no
/// nanoFramework.System.Math), then scan the IL for what the metadata processor or the 1.x interpreter rejects. <see cref="NanoClr"/> goes on to the real metadata processor and interpreter.
/// </summary>
internal static class NanoFrameworkBuild
{
    private static readonly Lazy<MetadataReference> Corlib = new(() => MetadataReference.CreateFromFile(Path.Combine(NanoClr.CoreLibrary, "mscorlib.dll")));

    /// <summary>Compiles <paramref name="sources"/> at C# 7.3 against the real mscorlib alone (emitted code needs no other assembly); returns the errors and, when none, the image.</summary>
    public static (ImmutableArray<Diagnostic> Errors, byte[]? Image) Compile(params string[] sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp7_3)));
        var compilation = CSharpCompilation.Create("NanoModel", trees, [Corlib.Value],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return (errors, result.Success ? ms.ToArray() : null);
    }

    /// <summary>Compiles against the full .NET reference set (for negative snippets nanoFramework's surface could not even express).</summary>
    public static byte[] CompileForDesktop(string source, bool allowUnsafe = false)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("Snippet" + Guid.NewGuid().ToString("N"), [tree], Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: allowUnsafe));
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        if (!result.Success) throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return ms.ToArray();
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>IL opcodes nanoFramework 1.x's interpreter does not implement (nf-interpreter main, "Unsupported opcodes").</summary>
    private static readonly Dictionary<short, string> Rejected = new()
    {
        [OpCodes.Localloc.Value] = "localloc",
        [OpCodes.Cpblk.Value] = "cpblk",
        [OpCodes.Initblk.Value] = "initblk",
        [OpCodes.Calli.Value] = "calli",
        [OpCodes.Ckfinite.Value] = "ckfinite",
        [OpCodes.Readonly.Value] = "readonly.",
        [OpCodes.Jmp.Value] = "jmp",
        [OpCodes.Arglist.Value] = "arglist",
        [OpCodes.Mkrefany.Value] = "mkrefany",
        [OpCodes.Refanytype.Value] = "refanytype",
        [OpCodes.Refanyval.Value] = "refanyval",
    };

    /// <summary>The rejected opcodes in one method body's IL.</summary>
    public static IEnumerable<string> RejectedOpcodes(byte[] il)
    {
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            if (!OpCodesByValue.TryGetValue(value, out var op)) { yield return $"unknown opcode 0x{value:X}"; yield break; }
            if (Rejected.TryGetValue(value, out string? name)) yield return name;
            i += op.Size;
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    /// <summary>Every construct in <paramref name="image"/> that nanoFramework 1.x rejects, as messages.</summary>
    public static List<string> Scan(byte[] image)
    {
        var problems = new List<string>();
        using var pe = new PEReader(ImmutableArray.Create(image));
        var md = pe.GetMetadataReader();
        var provider = new FlaggingTypeProvider();
        int genericParameters = md.GetTableRowCount(TableIndex.GenericParam);
        if (genericParameters > 0) problems.Add($"{genericParameters} generic parameter(s): generic types or methods");
        if (md.GetTableRowCount(TableIndex.MethodSpec) > 0) problems.Add("generic method instantiation");
        for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
            md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(provider, null);
        foreach (var h in md.MemberReferences)
        {
            var m = md.GetMemberReference(h);
            if (m.GetKind() == MemberReferenceKind.Method) m.DecodeMethodSignature(provider, null);
            else m.DecodeFieldSignature(provider, null);
        }
        long totalIl = 0, totalInit = 0;
        foreach (var th in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(th);
            string typeName = md.GetString(type.Name);
            int statics = 0, methods = 0;
            foreach (var fh in type.GetFields())
            {
                var field = md.GetFieldDefinition(fh);
                field.DecodeSignature(provider, null);
                if ((field.Attributes & FieldAttributes.Static) != 0) statics++;
                if (field.GetRelativeVirtualAddress() != 0)
                {
                    // The RVA field's type is a sized struct whose layout gives the blob length.
                    int size = field.DecodeSignature(new SizeProvider(md), null);
                    if (size > NanoFrameworkLimitsBytes) problems.Add($"initializer blob of {size} bytes in {typeName} (limit {NanoFrameworkLimitsBytes})");
                    totalInit += size;
                }
            }
            foreach (var mh in type.GetMethods())
            {
                methods++;
                var method = md.GetMethodDefinition(mh);
                method.DecodeSignature(provider, null);
                if (method.RelativeVirtualAddress == 0) continue;
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                var il = body.GetILBytes()!;
                totalIl += il.Length;
                string name = typeName + "." + md.GetString(method.Name);
                foreach (var op in RejectedOpcodes(il)) problems.Add($"{op} in {name}");
                if (!body.LocalSignature.IsNil)
                {
                    var locals = md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
                    if (locals.Length > 255) problems.Add($"{locals.Length} locals in {name} (limit 255)");
                }
            }
            if (statics > 255) problems.Add($"{statics} static fields in {typeName} (limit 255)");
            if (methods > 255) problems.Add($"{methods} methods in {typeName} (limit 255)");
        }
        if (totalIl > 65535) problems.Add($"{totalIl} bytes of IL (limit 65535)");
        if (totalInit > NanoFrameworkLimitsBytes) problems.Add($"{totalInit} bytes of initializer data in all (limit {NanoFrameworkLimitsBytes})");
        problems.AddRange(provider.Problems.Distinct());
        return problems;
    }

    private const int NanoFrameworkLimitsBytes = 65535;

    /// <summary>Decodes signatures and remembers every construct the metadata processor rejects.</summary>
    private sealed class FlaggingTypeProvider : ISignatureTypeProvider<int, object?>
    {
        public List<string> Problems { get; } = [];
        public int GetArrayType(int elementType, ArrayShape shape) { Problems.Add($"multi-dimensional array (rank {shape.Rank})"); return 0; }
        public int GetByReferenceType(int elementType) => 0;
        public int GetFunctionPointerType(MethodSignature<int> signature) { Problems.Add("function pointer"); return 0; }
        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) { Problems.Add("generic instantiation"); return 0; }
        public int GetGenericMethodParameter(object? genericContext, int index) { Problems.Add("generic method parameter"); return 0; }
        public int GetGenericTypeParameter(object? genericContext, int index) { Problems.Add("generic type parameter"); return 0; }
        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
        public int GetPinnedType(int elementType) { Problems.Add("pinned local"); return 0; }
        public int GetPointerType(int elementType) { Problems.Add("pointer type"); return 0; }
        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;
        public int GetSZArrayType(int elementType) => 0;
        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => 0;
        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;
        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => 0;
    }

    /// <summary>Gives the byte size of an RVA field's type: a primitive's width or a struct's declared layout size.</summary>
    private sealed class SizeProvider(MetadataReader md) : ISignatureTypeProvider<int, object?>
    {
        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean or PrimitiveTypeCode.Byte or PrimitiveTypeCode.SByte => 1,
            PrimitiveTypeCode.Char or PrimitiveTypeCode.Int16 or PrimitiveTypeCode.UInt16 => 2,
            PrimitiveTypeCode.Int32 or PrimitiveTypeCode.UInt32 or PrimitiveTypeCode.Single => 4,
            _ => 8,
        };
        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => md.GetTypeDefinition(handle).GetLayout().Size;
        public int GetArrayType(int elementType, ArrayShape shape) => 0;
        public int GetByReferenceType(int elementType) => 0;
        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;
        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;
        public int GetGenericMethodParameter(object? genericContext, int index) => 0;
        public int GetGenericTypeParameter(object? genericContext, int index) => 0;
        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => unmodifiedType;
        public int GetPinnedType(int elementType) => 0;
        public int GetPointerType(int elementType) => 0;
        public int GetSZArrayType(int elementType) => 0;
        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;
        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => 0;
    }
}
