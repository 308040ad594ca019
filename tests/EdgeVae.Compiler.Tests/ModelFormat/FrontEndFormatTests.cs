using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Tests.Shared;

namespace EdgeVae.Compiler.Tests.ModelFormat;

/// <summary>The front-end's ops in the model file: written and read back unchanged, their shapes and costs, and every way to get them wrong refused with the reason.</summary>
public class FrontEndFormatTests
{
    [Fact]
    public void A_front_end_model_round_trips_and_knows_its_shapes_and_costs()
    {
        var model = SmallModels.WithFrontEnd();
        string text = ModelFileWriter.Write(model);
        var back = ModelFileReader.Read(text);
        Assert.Equal(model, back);
        Assert.Equal(text, ModelFileWriter.Write(back));
        Assert.Equal(128, back.InputSize);
        Assert.Equal(36, back.FeatureSize);
        var chain = back.FrontEnd!.Single!;
        Assert.Equal((3, 6, 4, 2), (chain.Frames, chain.FrameFeatures, chain.SpectralFeatures, chain.Channels));
        // Window 2·96, FFT 2·3·(2·32·5 + 2·17), mel 2·3·Σruns, log 2·3·4 — all counted in MACs per inference.
        long network = 36 * 4 + 4 * 2 + 2 * 36;
        Assert.True(back.MacsPerInference > network + 192 + 6 * (320 + 34), $"{back.MacsPerInference}");
    }

    [Fact]
    public void The_quantized_front_end_holds_integer_tables()
    {
        var q = QuantizedFrontEnd.For(SmallModels.WithFrontEnd().FrontEnd!.Single!);
        Assert.Equal(new[] { 4f / 32768, 0.5f / 32768 }, q.InputScale.AsArray());
        Assert.Equal(32, q.Window.Count);
        Assert.Equal(0, q.Window[0]);
        Assert.Equal(32767, q.Window[16]); // Hann's peak, 1.0 saturated to the largest Q15 code
        Assert.Equal(4, q.FilterFirst.Count);
        Assert.All(q.FilterWeight, w => Assert.InRange(w, 0, 32768));
        Assert.True(q.FilterWeight.Max() > 16384);
        Assert.Equal(-80 * 256, q.FloorQ8);
        Assert.Equal(new[] { 0, 6 }, q.StatKinds.AsArray());
    }

    [Theory]
    [InlineData("\"length\": 32,\n        \"kind\": \"power\"", "\"length\": 48,\n        \"kind\": \"power\"", "has a length of 48; the FFT takes a power of two")]
    [InlineData("\"kind\": \"power\"", "\"kind\": \"magnitude\"", "takes decibels of a power")]
    [InlineData("\"kind\": \"power\"", "\"kind\": \"phase\"", "\"kind\" must be \"power\" or \"magnitude\"")]
    [InlineData("\"function\": \"hann\"", "\"function\": \"kaiser\"", "\"function\" must be \"hann\" or \"hamming\"")]
    [InlineData("\"floor_db\": -80", "\"floor_db\": -1000", "floor of -1000 dB")]
    [InlineData("\"statistics\": [\"mean\", \"kurtosis\"]", "\"statistics\": [\"mean\", \"median\"]", "\"statistics\" holds mean, rms")]
    [InlineData("\"frames\": 3", "\"frames\": 4", "reshapes [20 × 2] (40 values) to [36]")]
    [InlineData("\"keep\": 1", "\"keep\": 0", "reshapes [6 × 2] (12 values) to [36]")]
    [InlineData("\"hop\": 16", "\"hop\": 8", "\"frontend.stats\": is for 3 frames, but gets 20 values per channel")]
    public void Damaged_front_end_members_are_refused_with_the_reason(string from, string to, string reason)
    {
        string text = ModelFileWriter.Write(SmallModels.WithFrontEnd());
        Assert.Contains(from, text);
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelChecksum.Seal(text.Replace(from, to))));
        Assert.True(e.Message.Contains(reason, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Ops_out_of_the_front_end_order_are_refused()
    {
        var model = SmallModels.WithFrontEnd();
        var ops = model.Graph.Ops.ToList();
        (ops[1], ops[2]) = (ops[2], ops[1]); // spectrum before window
        var e = Assert.Throws<GraphException>(() => (model.Graph with { Ops = new(ops.ToArray()) }).Validate(model.Kind, model.Reconstruction));
        Assert.True(e.Message.Contains("the front-end is frame, then window?, spectrum", StringComparison.Ordinal), e.Message);
        ops = model.Graph.Ops.ToList();
        ops.RemoveAt(0); // no frame op
        e = Assert.Throws<GraphException>(() => (model.Graph with { Ops = new(ops.ToArray()) }).Validate(model.Kind, model.Reconstruction));
        Assert.Contains("begins with a frame op", e.Message);
    }

    [Fact]
    public void Op_constructors_check_what_they_are_given()
    {
        Assert.Contains("full_scale[0] is 0", Assert.Throws<GraphException>(() => new FrameOp("f", 1, 32, 16, new([0f])).OutputShape(TensorShape.Features(64))).Message);
        Assert.Contains("window has 16 per channel", Assert.Throws<GraphException>(() => new FrameOp("f", 2, 32, 16, new([1f, 1f])).OutputShape(TensorShape.Features(32))).Message);
        Assert.Contains("must increase", Assert.Throws<GraphException>(() => BandsOp.Build("b", 17, 1000, [0, 200, 100])).Message);
        Assert.Contains("half the sample rate", Assert.Throws<GraphException>(() => MelOp.Build("m", 17, 4, 1000, 0, 800)).Message);
        var bank = MelOp.Build("m", 17, 4, 1000, 0, 500);
        var bad = bank with { Weight = new(bank.Weight.Select((w, i) => i == 3 ? 1.5f : w).ToArray()) };
        Assert.Contains("filter weights lie in [0, 1]", Assert.Throws<GraphException>(() => bad.OutputShape(TensorShape.Sequence(2, 51))).Message);
        // The HTK triangles peak at 1 between f_min and f_max and cover every filter.
        for (int m = 0; m < 4; m++) Assert.True(bank.Run(m).Count > 0);
        Assert.True(bank.Weight.Max() > 0.5f && bank.Weight.Max() <= 1f);
    }
}

/// <summary>A front-end that differs per channel: select branches joined by concat, in the file and in the graph.</summary>
public class BranchedFrontEndFormatTests
{
    [Fact]
    public void Branches_round_trip_and_say_where_each_feature_comes_from()
    {
        var model = SmallModels.WithBranches();
        string text = ModelFileWriter.Write(model);
        var back = ModelFileReader.Read(text);
        Assert.Equal(model, back);
        Assert.Equal(text, ModelFileWriter.Write(back));
        Assert.Equal(148, back.FeatureSize);
        var frontEnd = back.FrontEnd!;
        Assert.True(frontEnd.Branched);
        Assert.Null(frontEnd.Single);
        Assert.Equal([(12, 0, false), (8, 12, false), (128, 20, true)], frontEnd.Branches.Select(b => (b.Features, b.Offset, b.IsRaw)));
        Assert.Equal(16, frontEnd.StreamingHop);
        var channels = back.FeatureChannels();
        Assert.All(channels[..12], c => Assert.Equal(0, c));
        Assert.All(channels[12..20], c => Assert.Equal(1, c));
        Assert.Equal([1, 0, 1, 0], channels[20..24]); // the raw branch takes the current first
        Assert.False(frontEnd.Interleaved);
        // The branches' front-end ops are counted in MACs; select and concat move data only.
        Assert.True(back.MacsPerInference > 148 * 4 + 4 * 2 + 2 * 148 + 96, $"{back.MacsPerInference}");
        Assert.Equal(back.MacsPerInference - frontEnd.Branches[0].Macs / 3 * 2 - frontEnd.Branches[1].Macs / 4 * 3, frontEnd.MacsPerHop(back.MacsPerInference, 16));
    }

    [Theory]
    [InlineData("\"channels\": [0]", "\"channels\": [2]", "op \"frontend.0.select\": \"channels\" is 2, outside [0, 1]")]
    [InlineData("\"channels\": [1, 0]", "\"channels\": [1, 1]", "selects channel 1 twice")]
    [InlineData("\"channels\": [1, 0]", "\"channels\": [1, 0, 1]", "must hold 1 to 2 numbers")]
    [InlineData("\"input_channels\": 2,\n        \"channels\": [1]", "\"input_channels\": 1,\n        \"channels\": [0]", "selects from 1 channels, but the first select from 2")]
    public void Damaged_branches_are_refused_with_the_reason(string from, string to, string reason)
    {
        string text = ModelFileWriter.Write(SmallModels.WithBranches());
        Assert.Contains(from, text);
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelChecksum.Seal(text.Replace(from, to))));
        Assert.True(e.Message.Contains(reason, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Branches_out_of_their_grammar_are_refused()
    {
        var model = SmallModels.WithBranches();
        var ops = model.Graph.Ops.ToList();
        GraphException Fails(List<Op> changed) => Assert.Throws<GraphException>(() => (model.Graph with { Ops = new(changed.ToArray()) }).Validate(model.Kind, model.Reconstruction));
        var noConcat = ops.Where(o => o is not ConcatOp).ToList();
        Assert.Contains("then concat before normalize", Fails(noConcat).Message);
        var frameMismatch = ops.Select(o => o.Name == "frontend.1.select" ? new SelectOp(o.Name, 2, new([0, 1])) : o).ToList();
        Assert.Contains("frames 1 channels, but the select before it gives 2", Fails(frameMismatch).Message);
        var selectInChain = ops.ToList();
        selectInChain.Insert(2, new SelectOp("extra", 2, new([0]))); // between the frame op and its window
        Assert.Contains("the frame op must be followed by a spectrum or stats op", Fails(selectInChain).Message);
        // A legacy chain may not hold a concat.
        var legacy = SmallModels.WithFrontEnd();
        var chainOps = legacy.Graph.Ops.ToList();
        chainOps.Insert(8, new ConcatOp("c"));
        Assert.Throws<GraphException>(() => (legacy.Graph with { Ops = new(chainOps.ToArray()) }).Validate(legacy.Kind, legacy.Reconstruction));
    }

    [Fact]
    public void A_front_end_that_reads_other_channels_than_the_data_has_is_refused()
    {
        var model = SmallModels.WithBranches();
        string text = ModelFileWriter.Write(model with { Data = model.Data with { Channels = 1, Window = 128, ChannelNames = new(["x"]) } });
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text));
        Assert.Contains("the front-end reads windows of 2 channels, but data.channels is 1", e.Message);
    }
}

/// <summary>The training record is written as the reader gives it back, so read-then-write keeps a file's bytes.</summary>
public class TrainingRecordFormatTests
{
    [Fact]
    public void A_record_with_escaped_characters_is_written_once_and_for_all_in_the_readers_form()
    {
        // System.Text.Json writes '+' as \u002B; the reader's form writes it as it is.
        var model = SmallModels.Small() with { TrainingJson = "{\"features\":\"accel_x\\u002Baccel_y=stats\",\"seed\":1}" };
        string text = ModelFileWriter.Write(model);
        Assert.Contains("\"features\":\"accel_x+accel_y=stats\"", text);
        var back = ModelFileReader.Read(text);
        Assert.Equal(text, ModelFileWriter.Write(back));
    }
}
