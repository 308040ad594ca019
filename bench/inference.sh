#!/usr/bin/env bash
# Batch-1 inference of the motor models, dense and convolutional, each in one BenchmarkDotNet run: generated int8,
# generated float32, the float reference engine, and ONNX Runtime (C#, RunWithBinding, preallocated tensors) on the
# same weights exported to ONNX by PyTorch; for the convolutional model also the generated streaming scorer at hops
# 8 and 32. Prints BenchmarkDotNet's tables (ns per call, bytes per call, ratio to ONNX Runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy >/dev/null
fi
MODEL=$PWD/firmware-samples/NativeAotMonitor/motor.evae
CONV_MODEL=$PWD/bench/models/motor-conv.evae
out=$(mktemp -d)
/usr/bin/python3 bench/inference/export_onnx.py "$MODEL" "$out/model.onnx" >/dev/null
/usr/bin/python3 bench/inference/export_onnx.py "$CONV_MODEL" "$out/conv.onnx" >/dev/null
export EDGEVAE_MODEL="$MODEL" EDGEVAE_ONNX="$out/model.onnx" EDGEVAE_CONV_MODEL="$CONV_MODEL" EDGEVAE_CONV_ONNX="$out/conv.onnx"
# Three processes per benchmark: on a shared machine one process can land on a busier core than the next, and a
# single launch then measures the neighbour as much as the code.
dotnet run -c Release --project bench/EdgeVae.Bench -- --filter '*InferenceBenchmarks*' --launchCount 3 --artifacts "$out/bdn" > "$out/bdn.log" 2>&1 \
  || { tail -40 "$out/bdn.log"; exit 1; }
for r in "$out"/bdn/results/*InferenceBenchmarks-report-github.md; do cat "$r"; echo; done
