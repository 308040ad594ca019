using BenchmarkDotNet.Running;
using EdgeVae.Bench.Gemm;

// `parts` profiles a VAE training step; `conv-parts` a convolutional AE's; `inference-parts` the stages of one int8 motor Score; `conv-inference-parts` those of the conv motor model; `gemm-table [threads…]` prints GEMM rates as JSON lines for bench/gemm.sh; `onnx-import-check ONNX EVAE INPUTS` compares an imported model with ONNX Runtime for bench/onnx.sh; `fft-accuracy` measures the front-end's FFTs against the BigFloat oracle; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "conv-parts") { EdgeVae.Bench.Profiles.ConvStepProfile.Run(); return 0; }
if (args.Length > 0 && args[0] == "parts") { EdgeVae.Bench.Profiles.VaeStepProfile.Run(); return 0; }
if (args.Length > 0 && args[0] == "conv-inference-parts") { EdgeVae.Bench.Profiles.ConvInferenceStageProfile.Run(); return 0; }
if (args.Length > 0 && args[0] == "inference-parts") { EdgeVae.Bench.Profiles.InferenceStageProfile.Run(); return 0; }
#if EDGEVAE_MLPERF
if (args.Length > 0 && args[0] == "frontend-parts") { EdgeVae.Bench.Profiles.FrontEndProfile.Run(); return 0; }
#endif
if (args.Length > 0 && args[0] == "fft-accuracy") { EdgeVae.Bench.Signal.FftAccuracy.Run(Console.Out); return 0; }
if (args.Length > 0 && args[0] == "onnx-import-check") return EdgeVae.Bench.Onnx.OnnxImportCheck.Run(args[1..]);
if (args.Length > 0 && args[0] == "gemm-table")
{
    int[] threads = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [1, 2];
    GemmRateTable.Run(Console.Out, threads);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(GemmRateTable).Assembly).Run(args);
return 0;
