using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using EdgeVae.Reference;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Contract;

namespace EdgeVae.Trainer.Tests.ModelFiles;

/// <summary>Reading safetensors files from elsewhere: dtypes, PyTorch names, and every way a file can be wrong.</summary>
public class SafeTensorsTests
{
    /// <summary>A safetensors file as PyTorch's writer lays it out, with each tensor's dtype chosen by the test.</summary>
    private static byte[] File(params (string Name, string Dtype, int[] Shape, double[] Values)[] tensors) => File(tensors, null);

    private static byte[] File((string Name, string Dtype, int[] Shape, double[] Values)[] tensors, Action<JsonObject>? editHeader)
    {
        var header = new JsonObject();
        var data = new List<byte>();
        foreach (var (name, dtype, shape, values) in tensors)
        {
            int begin = data.Count;
            foreach (double v in values)
            {
                switch (dtype)
                {
                    case "F64": data.AddRange(BitConverter.GetBytes(v)); break;
                    case "F16": data.AddRange(BitConverter.GetBytes((Half)v)); break;
                    case "BF16": data.AddRange(BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits((float)v) >>> 16))); break;
                    default: data.AddRange(BitConverter.GetBytes((float)v)); break;
                }
            }
            header[name] = new JsonObject { ["dtype"] = dtype, ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()), ["data_offsets"] = new JsonArray(begin, data.Count) };
        }
        editHeader?.Invoke(header);
        var text = Encoding.UTF8.GetBytes(header.ToJsonString());
        var bytes = new byte[8 + text.Length + data.Count];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)text.Length);
        text.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + text.Length);
        return bytes;
    }

    // A 3-2-3 autoencoder as nn.Sequential(Linear, ReLU, Linear) would name it: indices 0 and 2 in the encoder.
    private static readonly double[] W0 = [0.5, -1, 0.25, 1, 0.5, -0.5], B0 = [0.1, -0.2], W2 = [1, -1], B2 = [0.5], D0 = [1, 2], D0b = [0, 0], D2 = [1, 0.5, -1, 2, 0.25, 0], D2b = [0.125, -0.25, 0.5];

    private static (string, string, int[], double[])[] Tiny(string weightType = "F64") =>
    [
        ("encoder.0.weight", weightType, [2, 3], W0), ("encoder.0.bias", "BF16", [2], B0),
        ("encoder.2.weight", "F32", [1, 2], W2), ("encoder.2.bias", "F32", [1], B2),
        ("decoder.0.weight", "F16", [2, 1], D0), ("decoder.0.bias", "F32", [2], D0b),
        ("decoder.2.weight", "F32", [3, 2], D2), ("decoder.2.bias", "F32", [3], D2b),
    ];

    [Fact]
    public void A_PyTorch_sequential_file_becomes_a_model_that_reconstructs_as_the_weights_say()
    {
        var (tensors, metadata) = SafeTensorsFile.Read(File(Tiny()), "tiny.safetensors");
        var model = SafeTensorsModels.Import(tensors, metadata, new ForeignModelOptions { Name = "tiny" }, "tiny.safetensors");
        Assert.Equal(3, model.InputSize);
        Assert.Equal(1, model.LatentSize);
        Assert.Equal(["normalize", "encoder.0", "encoder.0.relu", "encoder.2", "decoder.0", "decoder.0.relu", "decoder.2"], model.Graph.Ops.Select(op => op.Name));
        Assert.Equal("encoder.2", model.Graph.Latent);
        Assert.Equal(0.1f, ((Compiler.Graph.DenseOp)model.Graph[1]).Bias[0], 2); // BF16 keeps 8 bits of mantissa

        // The reference engine on the imported file against the network written out by hand.
        string path = TestData.TempPath("tiny.evae");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, Compiler.ModelFormat.ModelFileWriter.Write(model));
        var engine = FloatReferenceEngine.Load(path);
        float[] x = [1, 2, -1];
        var expected = Forward(x, model);
        var actual = new float[3];
        engine.Reconstruct(x, actual);
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    private static float[] Forward(float[] x, Compiler.Model.ModelDescription m)
    {
        foreach (var op in m.Graph.Ops)
        {
            if (op is Compiler.Graph.ActivationOp) { x = x.Select(v => Math.Max(0, v)).ToArray(); continue; }
            if (op is not Compiler.Graph.DenseOp l) continue;
            var y = new float[l.OutFeatures];
            for (int o = 0; o < y.Length; o++)
            {
                double s = l.Bias[o];
                for (int i = 0; i < x.Length; i++) s += l.Weight[o * l.InFeatures + i] * x[i];
                y[o] = (float)s;
            }
            x = y;
        }
        return x;
    }

    [Fact]
    public void The_float_path_applies_the_activation_a_model_file_declares_on_its_output()
    {
        // Once, this float path ignored a file's declared activations and scored every variant alike.
        var (tensors, metadata) = SafeTensorsFile.Read(File(Tiny()), "tiny.safetensors");
        var rows = new float[] { 1, 2, -1, 0.5f, -0.25f, 2, -3, 0, 1 };
        var data = new Trainer.Data.Dataset("t", rows, 3, 3, null, Trainer.Data.DataLayout.Tabular);
        var scores = new Dictionary<string, double[]>();
        foreach (string output in new[] { "identity", "sigmoid", "tanh" })
        {
            var model = SafeTensorsModels.Import(tensors, metadata, new ForeignModelOptions { OutputActivation = output }, "tiny.safetensors");
            scores[output] = Trainer.Evaluation.PrecisionScores.Compute(model, data, "float32").Mse;
            var engine = new FloatReferenceEngine(model);
            for (int i = 0; i < 3; i++) Assert.Equal(scores[output][i], engine.Score(data.Row(i), default), 5);
        }
        Assert.NotEqual(scores["identity"], scores["sigmoid"]);
        Assert.NotEqual(scores["sigmoid"], scores["tanh"]);
    }

    public static TheoryData<string, string> Damaged => new()
    {
        { "short", "shorter than the 8-byte header length" },
        { "header-past-end", "the header claims" },
        { "offsets-past-end", "outside the" },
        { "size-mismatch", "bytes for shape [2, 3] of F64 (48 expected)" },
        { "dtype", "dtype I8; EdgeVae reads F32, F64, F16 and BF16" },
        { "nan", "non-finite value at index 1" },
        { "f64-beyond-float32", "holds 1E+300 at index 1, outside the float32 range" },
        { "not-json", "the header is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Damaged_files_are_refused_with_the_reason(string damage, string expected)
    {
        byte[] bytes = damage switch
        {
            "short" => [1, 2, 3],
            "header-past-end" => File(Tiny()).Select((b, i) => i == 0 ? (byte)255 : i == 1 ? (byte)255 : b).ToArray(),
            "offsets-past-end" => File(Tiny(), h => h["decoder.2.bias"]!["data_offsets"] = new JsonArray(0, 100_000)),
            "size-mismatch" => File(Tiny(), h => h["encoder.0.weight"]!["data_offsets"] = new JsonArray(0, 40)),
            "dtype" => File(Tiny(), h => h["encoder.2.weight"]!["dtype"] = "I8"),
            "nan" => File([("encoder.0.weight", "F32", [2], [1, double.NaN])]),
            "f64-beyond-float32" => File([("encoder.0.weight", "F64", [2], [1, 1e300])]),
            _ => Encoding.UTF8.GetBytes("\u0005\0\0\0\0\0\0\0{oops"),
        };
        var ex = Assert.Throws<ModelFileException>(() => SafeTensorsFile.Read(bytes, "bad.safetensors"));
        Assert.Contains("bad.safetensors", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Tensors_that_do_not_make_an_autoencoder_are_named()
    {
        var noDecoder = Tiny().Where(t => !t.Item1.StartsWith("decoder", StringComparison.Ordinal)).ToArray();
        var (tensors, metadata) = SafeTensorsFile.Read(File(noDecoder), "half.safetensors");
        Assert.Contains("no EdgeVae metadata and no encoder.N.weight / decoder.N.weight", Assert.Throws<ModelFileException>(() => SafeTensorsModels.Import(tensors, metadata, new(), "half.safetensors")).Message);

        var extra = Tiny().Append(("classifier.weight", "F32", [1, 1], [1.0])).ToArray();
        (tensors, metadata) = SafeTensorsFile.Read(File(extra), "extra.safetensors");
        Assert.Contains("classifier.weight belong to no layer", Assert.Throws<ModelFileException>(() => SafeTensorsModels.Import(tensors, metadata, new(), "extra.safetensors")).Message);

        // Layers that do not chain: the decoder expects 2 latent values, the encoder gives 1.
        var broken = Tiny().Select(t => t.Item1 == "decoder.0.weight" ? (t.Item1, t.Item2, new[] { 2, 2 }, new double[] { 1, 2, 3, 4 }) : t).ToArray();
        (tensors, metadata) = SafeTensorsFile.Read(File(broken), "broken.safetensors");
        Assert.Contains("the tensors do not make a valid model", Assert.Throws<ModelFileException>(() => SafeTensorsModels.Import(tensors, metadata, new(), "broken.safetensors")).Message);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2]", "the document must be a JSON object")]
    [InlineData("{\"format\": \"edgevae-model\", \"version\": 2}", "the file has no member \"name\"")]
    [InlineData("{\"format\": \"edgevae-model\", \"version\": 1, \"name\": \"m\", \"kind\": \"ae\", \"input\": {\"size\": \"many\"}}", "input: \"size\" must be a number, not a string")]
    public void Damaged_edgevae_metadata_is_refused_with_the_reason(string description, string expected)
    {
        var (tensors, _) = SafeTensorsFile.Read(File(Tiny()), "tiny.safetensors");
        var metadata = new Dictionary<string, string> { [SafeTensorsModels.MetadataKey] = description };
        var ex = Assert.Throws<ModelFileException>(() => SafeTensorsModels.Import(tensors, metadata, new(), "meta.safetensors"));
        Assert.Contains("meta.safetensors", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Edgevae_metadata_with_a_tensor_of_the_wrong_shape_is_refused()
    {
        var (tensors, metadata) = SafeTensorsFile.Read(File(Tiny()), "tiny.safetensors");
        var model = SafeTensorsModels.Import(tensors, metadata, new(), "tiny.safetensors");
        var (exported, exportedMetadata) = SafeTensorsModels.Export(model);
        var damaged = exported.Select(t => t.Name == "decoder.2.weight" ? t with { Shape = [2, 3] } : t).ToList();
        var ex = Assert.Throws<ModelFileException>(() => SafeTensorsModels.Import(damaged, exportedMetadata, new(), "x.safetensors"));
        Assert.Contains("tensor \"decoder.2.weight\" has shape [2, 3], the model needs [3, 2]", ex.Message);
    }
}
