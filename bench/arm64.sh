#!/usr/bin/env bash
# The arm64 builds of the NativeAOT monitor, cross-compiled on this x64 machine, and the paper estimate of their
# int8 kernels' speed: binary sizes, and per kernel path the inner loop's multiply-accumulate instructions, 16-byte
# loads and all instructions per 32 int8 MACs, read from the disassembly (bench/arm64/inner_loops.py). Two models
# (the dense motor model and bench/models/motor-conv.evae) and two builds (default armv8.0: widening NEON path;
# armv8.2 with dotprod: SDOT). Time under qemu is not a speed figure and is not reported.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang lld gcc-aarch64-linux-gnu g++-aarch64-linux-gnu \
    libc6-dev-arm64-cross binutils-aarch64-linux-gnu >/dev/null
fi
out=$(mktemp -d)
mkdir -p "$out/conv-model" && cp bench/models/motor-conv.evae "$out/conv-model/motor.evae"
for model in dense conv; do
  props=() && [ "$model" = conv ] && props=("-p:EdgeVaeModelFile=$out/conv-model/motor.evae")
  for variant in default dotprod; do
    isa=() && [ "$variant" = dotprod ] && isa=("-p:IlcInstructionSet=armv8.2-a%2Cdotprod")
    dir="$out/$model-$variant"
    dotnet publish firmware-samples/NativeAotMonitor -c Release -r linux-arm64 "${isa[@]}" "${props[@]}" -o "$dir" -v q -nologo >"$dir.log" 2>&1 \
      || { tail -20 "$dir.log"; exit 1; }
    echo "== $model model, $variant build: $(stat -c %s "$dir/NativeAotMonitor") bytes"
    /usr/bin/python3 bench/arm64/inner_loops.py "$dir/NativeAotMonitor" Kernels_Dense__DenseSdot Kernels_Dense__DenseNeon Kernels_Dense__FramesSdot
  done
done
