using EdgeVae.Compiler.Graph;
using EdgeVae.Numerics.Precision;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.FrontEnd;

namespace EdgeVae.Trainer.Evaluation;

/// <summary>One op of the front-end in one precision against the oracle, pooled over every frame of every window.</summary>
/// <param name="RelativeNormError">The largest ‖x − x*‖ / ‖x*‖ of one frame (norm-wise relative error).</param>
/// <param name="MaxAbsAboveFloor">For the log: the largest |x − x*| where the oracle is above the floor (dB); else NaN.</param>
public sealed record FrontEndOpError(string Op, string Type, string Precision, double MaxAbs, double Rmse, double SqnrDb, double RelativeNormError, double MaxAbsAboveFloor);

/// <summary>
/// How far the fixed-point front-end (what every device runs) and the float32 one (what the network trained on) are from
/// the exact mathematics of the same ops — the BigFloat front-end — op by op: the figures of <c>quantize-report</c>.
/// </summary>
public static class FrontEndError
{
    public static IReadOnlyList<FrontEndOpError> Measure(FrontEndChain chain, Dataset raw, int windows, int oracleBits)
    {
        var stages = FrontEndStages.Of(chain);
        var fixedPoint = new FrontEndSimulation(chain);
        var float32 = new FloatFrontEnd<float>(chain);
        var traces = new Dictionary<string, List<double[][]>> { ["fixed point"] = [], ["float32"] = [] };
        var oracle = new List<double[][]>();
        using (BigFloat.UsePrecision(oracleBits))
        {
            var exact = new FloatFrontEnd<BigFloat>(chain);
            for (int i = 0; i < Math.Min(windows, raw.Count); i++)
            {
                var x = raw.Row(i);
                oracle.Add(exact.Trace(x));
                traces["fixed point"].Add(fixedPoint.Trace(x));
                traces["float32"].Add(float32.Trace(x));
            }
        }
        var result = new List<FrontEndOpError>();
        for (int s = 0; s < stages.Count; s++)
        {
            int width = stages[s] switch
            {
                FrameOp or WindowOp => chain.Frame.Length,
                SpectrumOp spectrum => spectrum.Bins,
                StatsOp stats => stats.Statistics.Count,
                _ => chain.SpectralFeatures,
            };
            foreach (var (precision, trace) in traces)
            {
                double maxAbs = 0, sumSq = 0, refSq = 0, worstRelative = 0, aboveFloor = chain.Log is null || stages[s] is not LogOp ? double.NaN : 0;
                long count = 0;
                for (int w = 0; w < oracle.Count; w++)
                {
                    double[] exact = oracle[w][s], value = trace[w][s];
                    for (int start = 0; start < exact.Length; start += width)
                    {
                        double frameErr = 0, frameRef = 0;
                        for (int j = start; j < start + width; j++)
                        {
                            double e = value[j] - exact[j];
                            maxAbs = Math.Max(maxAbs, Math.Abs(e));
                            frameErr += e * e;
                            frameRef += exact[j] * exact[j];
                            if (!double.IsNaN(aboveFloor) && exact[j] > chain.Log!.FloorDb) aboveFloor = Math.Max(aboveFloor, Math.Abs(e));
                        }
                        sumSq += frameErr;
                        refSq += frameRef;
                        if (frameRef > 0) worstRelative = Math.Max(worstRelative, Math.Sqrt(frameErr / frameRef));
                        count += width;
                    }
                }
                double sqnr = sumSq == 0 ? double.PositiveInfinity : 10 * Math.Log10(refSq / sumSq);
                result.Add(new FrontEndOpError(stages[s].Name, stages[s].Type, precision, maxAbs, Math.Sqrt(sumSq / Math.Max(count, 1)), sqnr, worstRelative, aboveFloor));
            }
        }
        return result;
    }
}
