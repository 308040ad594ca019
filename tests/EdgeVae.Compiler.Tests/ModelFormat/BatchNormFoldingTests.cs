using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Contract;
using EdgeVae.Tests.Shared;

namespace EdgeVae.Compiler.Tests.ModelFormat;

/// <summary>A batch normalisation folds into the dense layer before it: the same function, one op fewer, in every stage.</summary>
public class BatchNormFoldingTests
{
    private static BatchNormOp Norm(string name, int n) => new(name, n, 1e-5,
        new(new[] { 1.5f, 0.5f, 2f, 1f }[..n]), new(new[] { 0.1f, -0.2f, 0.3f, 0f }[..n]), new(new[] { 0.25f, -1f, 0.5f, 2f }[..n]), new(new[] { 0.5f, 2f, 1f, 0.01f }[..n]));

    [Fact]
    public void Folding_gives_the_dense_layer_that_computes_the_normalised_output()
    {
        var dense = new DenseOp("d", 3, 4, new(Enumerable.Range(0, 12).Select(i => (float)Math.Sin(i)).ToArray()), new([0.1f, 0.2f, -0.3f, 0.4f]));
        var bn = Norm("d.bn", 4);
        var graph = new ModelGraph(TensorShape.Features(3), new(new Op[]
        {
            new NormalizeOp("normalize", NormalizationMethod.None, new([0f, 0, 0]), new([1f, 1, 1])), dense, bn,
            new ActivationOp("relu", ActivationFunction.Relu), new DenseOp("out", 4, 3, new(new float[12]), new(new float[3])),
        }), "d.bn");
        var folded = BatchNormFolding.Fold(graph);
        Assert.Equal(4, folded.Count);
        Assert.Equal("d", folded.Latent); // the code moves to the dense layer, whose output it now is
        var f = (DenseOp)folded[1];
        double[] x = [0.3, -1.2, 2.5];
        for (int o = 0; o < 4; o++)
        {
            double z = dense.Bias[o];
            for (int k = 0; k < 3; k++) z += dense.Weight[o * 3 + k] * x[k];
            double expected = bn.Weight[o] * (z - bn.RunningMean[o]) / Math.Sqrt(bn.RunningVar[o] + 1e-5) + bn.Bias[o];
            double actual = f.Bias[o];
            for (int k = 0; k < 3; k++) actual += f.Weight[o * 3 + k] * x[k];
            Assert.Equal(expected, actual, 5);
        }
    }

    [Fact]
    public void A_file_that_spells_out_a_batch_normalisation_is_folded_on_reading_and_one_after_no_dense_layer_is_refused()
    {
        var model = SmallModels.Small();
        var ops = model.Graph.Ops.ToList();
        ops.Insert(ops.FindIndex(o => o.Name == "encoder.0") + 1, Norm("encoder.0.bn", 4));
        string text = ModelFileWriter.Write(model with { Graph = model.Graph with { Ops = new(ops.ToArray()) } });
        Assert.Contains("\"batch_norm\"", text);
        var back = ModelFileReader.Read(text);
        Assert.DoesNotContain(back.Graph.Ops, o => o is BatchNormOp);
        Assert.Equal(model.Graph.Count, back.Graph.Count);
        Assert.NotEqual(((DenseOp)model.Graph[1]).Weight, ((DenseOp)back.Graph[1]).Weight);
        ops = model.Graph.Ops.ToList();
        ops.Insert(ops.FindIndex(o => o.Name == "encoder.0.relu") + 1, Norm("misplaced", 4));
        text = ModelFileWriter.Write(model with { Graph = model.Graph with { Ops = new(ops.ToArray()) } });
        var e = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text));
        Assert.Contains("folds into the dense layer right before it, and this one follows encoder.0.relu", e.Message);
    }
}
