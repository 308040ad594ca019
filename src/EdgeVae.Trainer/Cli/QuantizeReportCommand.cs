using System.CommandLine;
using System.Globalization;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Numerics.Precision;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Simulation;

namespace EdgeVae.Trainer.Cli;

/// <summary>
/// <c>edgevae quantize-report</c>: how far float32, int16 and int8 are from the exact mathematics of the same
/// weights (the arbitrary-precision oracle), per layer and end to end, and what quantization does to AUROC.
/// </summary>
public static class QuantizeReportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae), calibrated." };
        var data = new DataArguments();
        var samples = new Option<int>("--samples") { Description = "Test samples run through the oracle (it is slow: hundreds of bits per number).", DefaultValueFactory = _ => 64 };
        var bits = new Option<int>("--oracle-bits") { Description = "Mantissa bits of the oracle.", DefaultValueFactory = _ => 128 };
        var command = new Command("quantize-report", "Per layer and end to end: max |error|, RMSE, cosine similarity and SQNR of float32, int16 and int8 against an arbitrary-precision oracle; AUROC change.");
        command.Arguments.Add(model);
        data.AddTo(command);
        command.Options.Add(samples);
        command.Options.Add(bits);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var progress = EvaluationProgress.Begin("quantize-report");
            var m = ModelImporter.Load(r.GetValue(model)!);
            var (spec, options) = data.ReadForModel(r, m);
            var splits = DataSources.Load(spec, options);
            DataArguments.Fits(m, splits.Test, spec);
            if (m.FrontEnd is { } frontEnd)
                foreach (var branch in frontEnd.Branches.Where(b => b.Chain is not null))
                {
                    var raw = branch.TakesAll(frontEnd.InputChannels) ? splits.Test : FrontEnd.FrontEndSpec.Select(splits.Test, branch.Channels.AsArray());
                    FrontEndSection(branch.Chain!, raw, r.GetValue(samples), r.GetValue(bits), m.Name);
                }
            splits = FrontEnd.ModelFeatures.Map(splits, d => FrontEnd.ModelFeatures.Of(m, d));
            int n = Math.Min(r.GetValue(samples), splits.Test.Count);
            if (n <= 0) throw new ArgumentException("--samples must be positive.");
            var subset = splits.Test.Subset(Enumerable.Range(0, n).ToArray());
            var x = Normalizer.Apply(m.Normalization, subset);

            double[][][] oracle;
            using (BigFloat.UsePrecision(r.GetValue(bits))) oracle = LayerTrace.Run<BigFloat>(m, x, n);
            var float32 = LayerTrace.Run<float>(m, x, n);
            // The integer networks report at the end of each of their steps (a dense with its fused ReLU is one step).
            var steps = PrecisionScores.Quantize(m, "int8").Steps;
            var traces = new Dictionary<string, double[][][]> { ["float32"] = steps.Select(st => float32[st.LastOp]).ToArray() };
            foreach (var name in new[] { "int16", "int8" })
            {
                var q = PrecisionScores.Quantize(m, name);
                var sim = new IntegerSimulator(q);
                var trace = q.Steps.Select(_ => new double[n][]).ToArray();
                for (int s = 0; s < n; s++)
                {
                    sim.Run(subset.Row(s));
                    for (int si = 0; si < q.Steps.Count; si++)
                    {
                        var o = q.Steps[si].Output;
                        trace[si][s] = sim.StepOutput(si).Select(code => (double)o.Dequantize(code)).ToArray();
                    }
                }
                traces[name] = trace;
            }
            var reference = steps.Select(st => oracle[st.LastOp]).ToArray();

            Console.WriteLine($"# Quantization report: {ModelSummary.Display(m.Name)} ({n} test samples; oracle BigFloat with {r.GetValue(bits)} mantissa bits)");
            Console.WriteLine();
            Console.WriteLine("| step | precision | max abs error | RMSE | cosine similarity | SQNR (dB) |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
            for (int si = 0; si < steps.Count; si++)
            {
                var op = m.Graph[steps[si].LastOp];
                string label = $"{ModelSummary.Display(steps[si].Name)}{(steps[si].LastOp > steps[si].FirstOp ? " + " + ModelSummary.Display(op.Name) : "")} ({op.Type}, {steps[si].OutputShape})";
                foreach (var (name, trace) in traces) Row(label, name, reference[si], trace[si]);
            }
            Console.WriteLine();
            Console.WriteLine("End to end (the reconstruction, normalised units):");
            Console.WriteLine();
            Console.WriteLine("| precision | max abs error | RMSE | cosine similarity | SQNR (dB) |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var (name, trace) in traces) Row(null, name, reference[^1], trace[^1]);

            if (splits.IsAnomaly is not null && splits.Test.Labels is not null)
            {
                Console.WriteLine();
                Console.WriteLine($"Detection on the whole test set ({splits.Test.Count} samples):");
                Console.WriteLine();
                Console.WriteLine("| precision | AUROC | change vs float32 |");
                Console.WriteLine("| --- | ---: | ---: |");
                var truth = splits.Test.Labels.Select(splits.IsAnomaly).ToArray();
                double baseline = double.NaN;
                foreach (string p in new[] { "float32", "int16", "int8" })
                {
                    var (mse, _) = PrecisionScores.Compute(m, splits.Test, p);
                    double auroc = Metrics.Auroc(mse, truth);
                    if (p == "float32") baseline = auroc;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {p} | {auroc:F4} | {auroc - baseline:+0.0000;-0.0000;0.0000} |"));
                }
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The front-end's table: each op's fixed-point and float32 output against the BigFloat front-end.</summary>
    private static void FrontEndSection(Compiler.Graph.FrontEndChain chain, Dataset raw, int samples, int bits, string name)
    {
        int n = Math.Min(samples, raw.Count);
        var errors = FrontEndError.Measure(chain, raw, n, bits);
        Console.WriteLine($"# Front-end report: {ModelSummary.Display(name)} ({n} test windows × {chain.Channels} channels ({string.Join(", ", raw.ChannelNames.Select(ModelSummary.Display))}) × {chain.Frames} frames; oracle BigFloat with {bits} mantissa bits)");
        Console.WriteLine();
        Console.WriteLine("Every device runs the fixed-point front-end; the network trained on the float32 one. Units: full scale 1 (samples), its power (spectra), dB (log).");
        Console.WriteLine();
        Console.WriteLine("| op | precision | max abs error | RMSE | SQNR (dB) | worst frame ‖e‖/‖x‖ | max abs error above the floor (dB) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var e in errors)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {ModelSummary.Display(e.Op)} ({e.Type}) | {e.Precision} | {e.MaxAbs:G3} | {e.Rmse:G3} | {e.SqnrDb:F1} | {e.RelativeNormError:G3} | {(double.IsNaN(e.MaxAbsAboveFloor) ? "" : e.MaxAbsAboveFloor.ToString("G3", CultureInfo.InvariantCulture))} |"));
        Console.WriteLine();
    }

    private static void Row(string? layer, string precision, double[][] reference, double[][] values)
    {
        double maxAbs = 0, sumSq = 0, refSq = 0, dot = 0, valSq = 0;
        long count = 0;
        for (int s = 0; s < reference.Length; s++)
            for (int j = 0; j < reference[s].Length; j++)
            {
                double e = values[s][j] - reference[s][j];
                maxAbs = Math.Max(maxAbs, Math.Abs(e));
                sumSq += e * e;
                refSq += reference[s][j] * reference[s][j];
                valSq += values[s][j] * values[s][j];
                dot += values[s][j] * reference[s][j];
                count++;
            }
        double rmse = Math.Sqrt(sumSq / count);
        double cosine = dot / Math.Sqrt(refSq * valSq);
        double sqnr = sumSq == 0 ? double.PositiveInfinity : 10 * Math.Log10(refSq / sumSq);
        string cells = string.Create(CultureInfo.InvariantCulture, $"{precision} | {maxAbs:G3} | {rmse:G3} | {cosine:F6} | {sqnr:F1} |");
        Console.WriteLine(layer is null ? $"| {cells}" : $"| {layer} | {cells}");
    }
}
