using System.Text.Json.Nodes;
using CsCheck;
using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Emitters.DotNet;
using EdgeVae.Compiler.Emitters.NanoFramework;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Tests.Shared;

namespace EdgeVae.Compiler.Tests.ModelFormat;

/// <summary>
/// Value-level mutations, not character edits: one member of a valid model file replaced by a hostile value — a
/// number out of float range or below its precision, a size that disagrees, a value of the wrong type, a shorter or
/// longer array, a missing member — and the file re-sealed, so the checksum does not hide what the reader does with it.
/// Every such file is refused with a format error, or it is a model every emitter compiles (or refuses as not
/// quantizable, EVAE009) into code — whose float literals refuse NaN and infinities. No other exception, no silent NaN.
/// </summary>
public class ValueMutationTests
{
    private static readonly string[] Hostile =
    [
        "1e39", "-4e38", "1e300", "-1e300", "1e-400", "-0.0", "2147483648", "-2147483649", "9007199254740993", "-1", "0", "1", "1e9", "0.5",
        "\"\"", "\"x\"", "\"NaN\"", "\"Infinity\"", "\"1e39\"", "[]", "[1e39]", "{}", "true", "null", "[[1, 2], 3]",
    ];

    private enum Kind { Replace, Remove, Shorten, Lengthen }

    /// <summary>Every node of the tree but the checksum, with the way back to it.</summary>
    private static List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)> Nodes(JsonNode root)
    {
        var list = new List<(JsonNode?, string?, int, JsonNode?)>();
        void Walk(JsonNode? node, JsonNode? parent, string? key, int index)
        {
            if (parent != null) list.Add((parent, key, index, node));
            if (node is JsonObject o)
                foreach (var (k, v) in o.ToList())
                    if (!(parent == null && k == ModelChecksum.Member)) Walk(v, node, k, -1);
            if (node is JsonArray a)
                for (int i = 0; i < a.Count; i++) Walk(a[i], node, null, i);
        }
        Walk(root, null, null, -1);
        return list;
    }

    private static string? Mutate(string text, int at, Kind kind, int hostile)
    {
        var root = JsonNode.Parse(text)!;
        var nodes = Nodes(root);
        var (parent, key, index, node) = nodes[at % nodes.Count];
        JsonNode? value = JsonNode.Parse(Hostile[hostile % Hostile.Length]);
        switch (kind)
        {
            case Kind.Replace:
                if (parent is JsonObject po) po[key!] = value; else ((JsonArray)parent!)[index] = value;
                break;
            case Kind.Remove:
                if (parent is JsonObject ro) ro.Remove(key!); else ((JsonArray)parent!).RemoveAt(index);
                break;
            case Kind.Shorten when node is JsonArray { Count: > 0 } sa: sa.RemoveAt(sa.Count - 1); break;
            case Kind.Lengthen when node is JsonArray la: la.Add(la.Count > 0 ? la[0]!.DeepClone() : value); break;
            default: return null;
        }
        return ModelChecksum.Seal(root.ToJsonString());
    }

    private static void ReadAndCompile(string text)
    {
        ModelDescription model;
        try { model = ModelFileReader.Read(text); }
        catch (ModelFormatException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Reason));
            return;
        }
        foreach (var precision in new[] { EmitPrecision.Int8, EmitPrecision.Int16, EmitPrecision.Float32 })
            foreach (var target in new[] { EmitTarget.DotNet, EmitTarget.NanoFramework })
            {
                if (target == EmitTarget.NanoFramework && precision != EmitPrecision.Int8) continue;
                var options = new EmitOptions("Demo", "M", "public", precision, target, "m.evae");
                try
                {
                    // The emitters' float literal throws on a non-finite value, so a NaN or an infinity reaching the code fails here.
                    var result = target == EmitTarget.DotNet ? DotNetEmitter.Emit(model, options) : NanoFrameworkEmitter.Emit(model, options);
                    Assert.False(string.IsNullOrEmpty(result.Source));
                }
                catch (Exception e) when (e is QuantizationException or GraphException) { } // EVAE009: named, not a crash
            }
    }

    [Fact]
    public void Hostile_values_are_refused_or_compile_into_finite_code()
    {
        foreach (var kind in new[] { ModelKind.Autoencoder, ModelKind.Variational })
        {
            string valid = ModelFileWriter.Write(SmallModels.Small(kind));
            int nodes = Nodes(JsonNode.Parse(valid)!).Count;
            Gen.Select(Gen.Int[0, nodes - 1], Gen.Enum<Kind>(), Gen.Int[0, Hostile.Length - 1])
                .Sample((at, k, h) =>
                {
                    if (Mutate(valid, at, k, h) is string text) ReadAndCompile(text);
                }, iter: 3000, seed: kind == ModelKind.Autoencoder ? "0N0XIzNsQ0O2" : "0N0XIzNsQ0O3");
        }
    }

    /// <summary>Every replacement of every number with every hostile value, exhaustively (the small model has a few hundred).</summary>
    [Fact]
    public void Every_number_replaced_by_every_hostile_value_is_refused_or_compiles_into_finite_code()
    {
        string valid = ModelFileWriter.Write(SmallModels.Small());
        var nodes = Nodes(JsonNode.Parse(valid)!);
        for (int at = 0; at < nodes.Count; at++)
        {
            if (nodes[at].Node is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.Number) continue;
            for (int h = 0; h < Hostile.Length; h++)
                ReadAndCompile(Mutate(valid, at, Kind.Replace, h)!);
        }
    }
}
