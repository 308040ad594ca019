#!/usr/bin/env bash
# Fuzz every reader of outside input with afl++ through SharpFuzz, SECONDS each (default 120), and report per target
# the executions, the paths afl++ found and the crashes. Crashing inputs are copied to fuzz/crashes/TARGET/ — commit
# them: the end-to-end tests replay every file there (and fuzz/seeds) through the same target, so each crash found
# becomes a test input that fails until the bug is fixed.
#   fuzz/run.sh [SECONDS] [TARGET...]      targets: model generator csv npy idx evr1 safetensors checkpoint onnx wav
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(model generator csv npy idx evr1 safetensors checkpoint onnx wav)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! command -v afl-fuzz >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
tools=$PWD/fuzz/.tools
[ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
out=$PWD/fuzz/.out
rm -rf "$out" && mkdir -p "$out"
dotnet publish fuzz/EdgeVae.Fuzz -c Release -o "$out/bin" -v q -nologo >/dev/null
# Instrument the assemblies whose branches afl++ should see (SharpFuzz rewrites them in place).
for dll in EdgeVae.Compiler.dll EdgeVae.Contract.dll edgevae.dll EdgeVae.Generator.dll EdgeVae.Fuzz.Targets.dll; do
  "$tools/sharpfuzz" "$out/bin/$dll" >/dev/null
done
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
printf '%-12s %10s %8s %8s %8s\n' target execs paths crashes hangs
for t in "${targets[@]}"; do
  findings=$out/findings/$t
  mkdir -p "$out/findings"
  timeout $((seconds + 60)) afl-fuzz -i "fuzz/seeds/$t" -o "$findings" -V "$seconds" -t 5000 -m none -- dotnet "$out/bin/EdgeVae.Fuzz.dll" "$t" \
    >"$out/$t.log" 2>&1 || true
  stats=$findings/default/fuzzer_stats
  if [ ! -f "$stats" ]; then echo "$t: afl-fuzz did not start; see $out/$t.log"; tail -5 "$out/$t.log"; continue; fi
  get() { sed -n "s/^$1 *: *//p" "$stats"; }
  crashes=$(get saved_crashes); [ -n "$crashes" ] || crashes=$(get unique_crashes)
  hangs=$(get saved_hangs); [ -n "$hangs" ] || hangs=$(get unique_hangs)
  printf '%-12s %10s %8s %8s %8s\n' "$t" "$(get execs_done)" "$(get corpus_count)" "$crashes" "$hangs"
  if ls "$findings"/default/crashes/id:* >/dev/null 2>&1; then
    mkdir -p "fuzz/crashes/$t"
    for c in "$findings"/default/crashes/id:*; do cp "$c" "fuzz/crashes/$t/$(sha1sum "$c" | cut -c1-16)"; done
  fi
done
