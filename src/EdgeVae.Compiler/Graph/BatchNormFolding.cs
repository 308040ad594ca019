using System;
using System.Collections.Generic;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// Folds each <see cref="BatchNormOp"/> into the dense layer before it (what TensorFlow Lite's converter does):
    /// W'[o, ·] = s_o·W[o, ·] and b'_o = s_o·(b_o − mean_o) + β_o with s_o = γ_o / √(var_o + eps), in double, stored as float32.
    /// A latent op named after the normalisation moves to the dense layer, whose output is now the same values.
    /// </summary>
    public static class BatchNormFolding
    {
        public static ModelGraph Fold(ModelGraph graph)
        {
            bool any = false;
            foreach (var op in graph.Ops) any |= op is BatchNormOp;
            if (!any) return graph;
            var ops = new List<Op>();
            string latent = graph.Latent;
            for (int i = 0; i < graph.Count; i++)
            {
                if (!(graph[i] is BatchNormOp bn)) { ops.Add(graph[i]); continue; }
                if (ops.Count == 0 || !(ops[ops.Count - 1] is DenseOp dense) || dense.OutFeatures != bn.Features)
                    throw new GraphException(bn.Name, "a batch normalisation folds into the dense layer right before it, and this one follows " + (ops.Count == 0 ? "nothing" : ops[ops.Count - 1].Name));
                var weight = new float[dense.Weight.Count];
                var bias = new float[dense.OutFeatures];
                for (int o = 0; o < dense.OutFeatures; o++)
                {
                    double s = bn.Weight[o] / Math.Sqrt(bn.RunningVar[o] + bn.Eps);
                    for (int k = 0; k < dense.InFeatures; k++) weight[o * dense.InFeatures + k] = (float)(s * dense.Weight[o * dense.InFeatures + k]);
                    bias[o] = (float)(s * (dense.Bias[o] - bn.RunningMean[o]) + bn.Bias[o]);
                }
                ops[ops.Count - 1] = dense with { Weight = new EquatableArray<float>(weight), Bias = new EquatableArray<float>(bias), Range = bn.Range };
                if (latent == bn.Name) latent = dense.Name;
            }
            return graph with { Ops = new EquatableArray<Op>(ops.ToArray()), Latent = latent };
        }
    }
}
