using System.Text.Json;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Reference;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.ModelFiles.Onnx;

namespace EdgeVae.Trainer.Tests.ModelFiles;

/// <summary>
/// ONNX import: PyTorch 1.13's exports of every op pattern (tests/Fixtures/onnx, written by bench/onnx/fixtures.py)
/// reconstruct as PyTorch did; graphs written here for the patterns PyTorch exports less readily; and damaged or
/// unsupported files get a message naming what and where.
/// </summary>
public class OnnxTests
{
    private static string Fixture(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "Fixtures", "onnx", name);
    }

    private static ModelDescription Import(string path, string? latent = null) =>
        OnnxImporter.Import(OnnxFiles.Read(path), new ForeignModelOptions(), latent, path);

    [Theory]
    [InlineData("dense_gemm_norm")]
    [InlineData("conv_shape_resize")]
    [InlineData("conv_upsample_opset9")]
    [InlineData("conv_shape_resize_opset17")]
    [InlineData("vae_heads")]
    public void PyTorch_exports_reconstruct_as_PyTorch_did(string name)
    {
        var model = Import(Fixture(name + ".onnx"));
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture(name + ".json")));
        var inputs = json.RootElement.GetProperty("inputs").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var expected = json.RootElement.GetProperty("reconstructions").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var engine = new FloatReferenceEngine(model);
        for (int s = 0; s < inputs.Length; s++)
        {
            var mine = engine.ReconstructNormalized(inputs[s]).ToArray();
            double diff = 0, norm = 0;
            for (int i = 0; i < mine.Length; i++) { diff += (mine[i] - expected[s][i]) * (double)(mine[i] - expected[s][i]); norm += expected[s][i] * (double)expected[s][i]; }
            Assert.True(Math.Sqrt(diff / norm) < 1e-5, $"{name} sample {s}: relative error {Math.Sqrt(diff / norm):E2}");
        }
    }

    [Fact]
    public void A_convolutional_export_maps_onto_the_ops_EdgeVae_builds_and_reads_its_window_from_the_input_shape()
    {
        var model = Import(Fixture("conv_shape_resize.onnx"));
        Assert.Equal(["normalize", "reshape", "transpose", "conv1d", "activation", "reshape", "dense", "dense", "activation", "reshape", "upsample", "conv1d", "activation", "transpose", "reshape"],
            model.Graph.Ops.Select(o => o.Type));
        Assert.Equal((2, 8), (model.Data.Channels, model.Data.Window));
        var conv = model.Graph.Ops.OfType<Conv1DOp>().First();
        Assert.Equal((2, 4, 3, 2, 1, 1), (conv.InChannels, conv.OutChannels, conv.KernelSize, conv.Stride, conv.PaddingLeft, conv.PaddingRight));
        Assert.Equal(2, model.Graph.Ops.OfType<UpsampleOp>().Single().Factor);
        Assert.Equal(NormalizationMethod.ZScore, model.Normalization.Method);
    }

    [Fact]
    public void Two_heads_mu_and_logvar_become_one_dense_layer_and_the_gaussian_head()
    {
        var model = Import(Fixture("vae_heads.onnx"));
        Assert.Equal(ModelKind.Variational, model.Kind);
        Assert.Equal(2, model.LatentSize);
        var head = model.Graph.Ops.OfType<DenseOp>().ElementAt(1);
        Assert.Equal((6, 4), (head.InFeatures, head.OutFeatures));
        Assert.IsType<GaussianHeadOp>(model.Graph[model.Graph.LatentIndex]);
    }

    [Fact]
    public void MatMul_plus_Add_Identity_Dropout_and_Constant_nodes_map_as_PyTorch_would_mean_them()
    {
        var g = new GraphBuilder([-1, 4]);
        var w = g.Const("w", [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]);       // [in, out]
        var b = g.Const("b", [2], [0.5f, -0.5f]);
        g.Node("Constant", [], "c", Attr.Tensor("value", new OnnxTensor("", [4], OnnxTensor.Float, [1f, 1f, 1f, 1f], [])));
        g.Node("MatMul", ["x", w], "m");
        g.Node("Add", ["m", b], "latent");
        g.Node("Identity", ["latent"], "same");
        g.Node("Dropout", ["same"], "kept");
        var w2 = g.Const("w2", [2, 4], [1, 0, 0, 0, 0, 1, 0, 0]);
        g.Node("MatMul", ["kept", w2], "m2");
        g.Node("Add", ["m2", "c"], "reconstruction");
        var model = OnnxImporter.Import(g.Model(["reconstruction", "latent"]), new ForeignModelOptions(), null, "matmul.onnx");
        var dense = model.Graph.Ops.OfType<DenseOp>().ToArray();
        Assert.Equal([1f, 3, 5, 7, 2, 4, 6, 8], dense[0].Weight.AsArray()); // transposed to [out, in]
        Assert.Equal([0.5f, -0.5f], dense[0].Bias.AsArray());
        Assert.Equal([1f, 1, 1, 1], dense[1].Bias.AsArray());
        Assert.Equal(dense[0].Name, model.Graph.Latent);
    }

    [Fact]
    public void An_export_of_EdgeVae_without_its_metadata_maps_back_onto_the_same_ops_and_weights()
    {
        var original = Import(Fixture("conv_shape_resize.onnx"));
        var exported = OnnxExporter.Export(original);
        var bare = exported with { Metadata = new Dictionary<string, string>() };
        var again = OnnxImporter.Import(OnnxReader.Read(OnnxWriter.Write(bare)), new ForeignModelOptions(), null, "bare.onnx");
        Assert.Equal(original.Graph.Ops.Select(o => o.Type), again.Graph.Ops.Select(o => o.Type));
        Assert.Equal(original.Graph.Ops.OfType<Conv1DOp>().Select(c => c.Weight), again.Graph.Ops.OfType<Conv1DOp>().Select(c => c.Weight));
        Assert.Equal(original.Graph.Ops.OfType<DenseOp>().Select(d => d.Bias), again.Graph.Ops.OfType<DenseOp>().Select(d => d.Bias));
        Assert.Equal(original.Normalization.Offset, again.Normalization.Offset);
        Assert.Equal(original.Normalization.Scale, again.Normalization.Scale);
        // With the metadata the model comes back as it was, to the byte.
        var full = OnnxImporter.Import(OnnxReader.Read(OnnxWriter.Write(exported)), new ForeignModelOptions(), null, "full.onnx");
        Assert.Equal(ModelFileWriter.Write(original), ModelFileWriter.Write(full));
    }

    [Theory]
    [InlineData("ConvTranspose", "nn.Upsample")]
    [InlineData("BatchNormalization", "EdgeVae has no such op")]
    [InlineData("LeakyRelu", "slope 0.01")]
    public void An_unsupported_node_is_named_with_its_op_type_and_what_is_supported(string op, string advice)
    {
        var g = new GraphBuilder([-1, 4]);
        var w = g.Const("w", [2, 4], new float[8]);
        g.Node("Gemm", ["x", w], "latent", Attr.Int("transB", 1));
        if (op == "LeakyRelu") g.Node(op, ["latent"], "h", Attr.Float("alpha", 0.2f));
        else g.Node(op, ["latent", w], "h");
        var e = Assert.Throws<ModelFileException>(() => OnnxImporter.Import(g.Model(["h", "latent"]), new ForeignModelOptions(), null, "odd.onnx"));
        Assert.Contains("odd.onnx", e.Message);
        Assert.Contains($"node \"h\" ({op})", e.Message);
        Assert.Contains(advice, e.Message);
        Assert.Contains("Supported: Gemm", e.Message);
    }

    [Fact]
    public void A_graph_that_branches_or_names_no_latent_is_refused_with_what_to_do()
    {
        var g = new GraphBuilder([-1, 4]);
        var w = g.Const("w", [4, 4], new float[16]);
        g.Node("Gemm", ["x", w], "a", Attr.Int("transB", 1));
        g.Node("Gemm", ["a", w], "b", Attr.Int("transB", 1));
        g.Node("Gemm", ["a", w], "c", Attr.Int("transB", 1));
        var branch = Assert.Throws<ModelFileException>(() => OnnxImporter.Import(g.Model(["c"]), new ForeignModelOptions(), "a", "branch.onnx"));
        Assert.Contains("one chain", branch.Message);

        var h = new GraphBuilder([-1, 4]);
        h.Node("Gemm", ["x", h.Const("down", [2, 4], new float[8])], "code", Attr.Int("transB", 1));
        h.Node("Gemm", ["code", h.Const("up", [4, 2], new float[8])], "y", Attr.Int("transB", 1));
        var noLatent = Assert.Throws<ModelFileException>(() => OnnxImporter.Import(h.Model(["y"]), new ForeignModelOptions(), null, "plain.onnx"));
        Assert.Contains("--latent NAME", noLatent.Message);
        var named = OnnxImporter.Import(h.Model(["y"]), new ForeignModelOptions(), "code", "plain.onnx");
        Assert.Equal(2, named.LatentSize);
    }

    /// <summary>Every prefix of a real file, and each byte flipped: a clean ModelFileException or a model, never anything else.</summary>
    [Fact]
    public void A_damaged_file_is_refused_cleanly_at_every_cut_and_flip()
    {
        var bytes = File.ReadAllBytes(Fixture("conv_shape_resize.onnx"));
        int refused = 0;
        for (int cut = 0; cut < bytes.Length; cut += 3)
            if (Attempt(bytes[..cut])) refused++;
        var rng = new Random(4);
        for (int k = 0; k < 400; k++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[rng.Next(damaged.Length)] ^= (byte)(1 << rng.Next(8));
            Attempt(damaged);
        }
        Assert.True(refused > bytes.Length / 3 * 9 / 10, $"{refused} cuts refused");
        var wrongWire = new byte[] { 0x3A, 0x05, 0x0D, 0, 0, 0, 0 }; // graph (field 7) holding a fixed32 field 1
        var e = Assert.Throws<ModelFileException>(() => OnnxFiles.Parse(wrongWire, "wire.onnx"));
        Assert.Contains("wire.onnx", e.Message);
    }

    private static bool Attempt(byte[] bytes)
    {
        try
        {
            OnnxImporter.Import(OnnxFiles.Parse(bytes, "damaged.onnx"), new ForeignModelOptions(), null, "damaged.onnx");
            return false;
        }
        catch (ModelFileException e)
        {
            Assert.Contains("damaged.onnx", e.Message);
            return true;
        }
        catch (ArgumentException) { return true; }
    }

    /// <summary>A small ONNX graph assembled in a test.</summary>
    private sealed class GraphBuilder(long[] input)
    {
        private readonly List<OnnxNode> _nodes = [];
        private readonly List<OnnxTensor> _initializers = [];

        public string Const(string name, long[] dims, float[] values)
        {
            _initializers.Add(new OnnxTensor(name, dims, OnnxTensor.Float, values, []));
            return name;
        }

        public void Node(string op, string[] inputs, string output, params OnnxAttribute[] attributes) =>
            _nodes.Add(new OnnxNode(output, op, "", inputs, [output], attributes));

        /// <summary>The model, written to bytes and read back, as a file would be.</summary>
        public OnnxModel Model(string[] outputs) => OnnxReader.Read(OnnxWriter.Write(new OnnxModel(8, 13, "test",
            new OnnxGraph("g", _nodes.ToArray(), _initializers.ToArray(), [new OnnxValue("x", OnnxTensor.Float, input)], outputs.Select(o => new OnnxValue(o, OnnxTensor.Float, [-1])).ToArray()),
            new Dictionary<string, string>())));
    }

    private static class Attr
    {
        public static OnnxAttribute Int(string name, long v) => new(name, OnnxAttribute.IntType, 0, v, "", null, [], []);

        public static OnnxAttribute Float(string name, float v) => new(name, OnnxAttribute.FloatType, v, 0, "", null, [], []);

        public static OnnxAttribute Tensor(string name, OnnxTensor t) => new(name, OnnxAttribute.TensorType, 0, 0, "", t, [], []);
    }
}
