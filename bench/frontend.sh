#!/usr/bin/env bash
# The signal front-end, speed and accuracy, in one run. Makes a machine-sound set (16 kHz mono, DCASE layout), trains the
# MLPerf Tiny AD shape on it (5 frames × 128 log-mel of 1024 samples every 512, dense 128×4-8-128×4) and a power-spectrum
# model, then:
#   accuracy — EdgeVae's float32 front-end (what the network trains on) and its fixed-point one (what every device runs)
#              against numpy in float64 on the same windows: worst per-frame relative error, and for log-mel the largest
#              |error| in dB above the floor;
#   speed    — BenchmarkDotNet: the log-mel of one frame in fixed point (the .NET flavor's vectorised kernels and the
#              contract's scalar code, which give the same integers), the generated ComputeFeatures (5 frames), the
#              generated int8 and float32 Score (front-end + network), ONNX Runtime running the network alone on the 640
#              features (RunWithBinding, one thread), with bytes allocated per call; numpy's float log-mel of one frame and
#              of a window's five, timed by bench/frontend/reference.py on the same machine in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy >/dev/null
fi
out=$(mktemp -d)
dotnet publish src/EdgeVae.Trainer -c Release -v q -nologo -o "$out/edgevae" >/dev/null
edgevae() { dotnet "$out/edgevae/edgevae.dll" "$@"; }
edgevae data wav --sound --train-clips 20 --test-clips 10 --seconds 4 -o "$out/sound" 2>/dev/null
common=(--data "wav:$out/sound" --window 3072 --hop 512)
edgevae train "${common[@]}" --seed 1 --features log-mel:frame=1024,hop=512,mels=128 --hidden 128,128,128,128 --latent 8 --epochs 5 -o "$out/mlperf.evae" >/dev/null 2>&1
edgevae calibrate "$out/mlperf.evae" --precision int8 >/dev/null 2>&1
edgevae train "${common[@]}" --seed 1 --features spectrum:frame=1024,hop=512 --hidden 8 --latent 2 --epochs 1 -o "$out/spectrum.evae" >/dev/null 2>&1
for m in mlperf spectrum; do
  edgevae data export "${common[@]}" --test-limit 200 -o "$out/$m/raw" >/dev/null 2>&1
  edgevae data export "${common[@]}" --test-limit 200 --features-of "$out/$m.evae" --front-end float32 -o "$out/$m/f32" >/dev/null 2>&1
  edgevae data export "${common[@]}" --test-limit 200 --features-of "$out/$m.evae" -o "$out/$m/fixed" >/dev/null 2>&1
  # One BLAS thread, as ONNX Runtime and EdgeVae get one: with two, OpenBLAS's threads make the mel product's timing
  # swing by 2× from run to run on this 2-core machine.
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 bench/frontend/reference.py "$out/$m.evae" "$out/$m" > "$out/$m.json"
done
/usr/bin/python3 bench/inference/export_onnx.py "$out/mlperf.evae" "$out/mlperf.onnx" >/dev/null
export EDGEVAE_MLPERF_MODEL="$out/mlperf.evae" EDGEVAE_MLPERF_ONNX="$out/mlperf.onnx" EDGEVAE_MLPERF_WINDOWS="$out/mlperf/raw/test.npy"
dotnet run -c Release --project bench/EdgeVae.Bench -- --filter '*FrontEndBenchmarks*' --artifacts "$out/bdn" > "$out/bdn.log" 2>&1 \
  || { tail -40 "$out/bdn.log"; exit 1; }
cat "$out"/bdn/results/*FrontEndBenchmarks-report-github.md
echo
/usr/bin/python3 - "$out" <<'PY'
import csv, glob, json, sys
out = sys.argv[1]
mlperf, spectrum = (json.load(open(f"{out}/{m}.json")) for m in ("mlperf", "spectrum"))
print("Accuracy against numpy float64 (%d test windows):" % mlperf["windows"])
print()
print("| front-end | power spectrum: worst frame ‖e‖/‖x‖ | log-mel: worst frame ‖e‖/‖x‖ | log-mel: max abs error above the floor (dB) |")
print("| --- | ---: | ---: | ---: |")
for key, name in (("f32", "EdgeVae float32 (training)"), ("fixed", "EdgeVae fixed point (every device)")):
    print(f"| {name} | {spectrum[key]['worst_frame_relative_error']:.2e} | {mlperf[key]['worst_frame_relative_error']:.2e} | {mlperf[key]['max_abs_error_above_floor_db']:.4f} |")
rows = {r["Method"]: r for r in csv.DictReader(open(glob.glob(f"{out}/bdn/results/*FrontEndBenchmarks-report.csv")[0]))}
def ns(text):
    v, unit = text.replace(",", "").split()
    return float(v) * {"ns": 1, "μs": 1e3, "us": 1e3, "ms": 1e6}[unit]
frame = ns(rows["'log-mel of one frame (fixed point, 1024 → 128)'"]["Mean"]) if "'log-mel of one frame (fixed point, 1024 → 128)'" in rows else None
print()
print("Speed, one run (ns per call):")
print()
print("| work | EdgeVae | numpy (float32) | ratio numpy / EdgeVae |")
print("| --- | ---: | ---: | ---: |")
def find(prefix):
    for k, r in rows.items():
        if k.strip("'").startswith(prefix): return ns(r["Mean"]), r.get("Allocated", "")
f, fa = find("log-mel of one frame (fixed point, .NET")
fs, fsa = find("log-mel of one frame (fixed point, contract")
w, wa = find("generated ComputeFeatures")
print(f"| log-mel of one frame (.NET flavor, vectorised) | {f:,.0f} ({fa} allocated) | {mlperf['numpy_ns_per_frame']:,.0f} | {mlperf['numpy_ns_per_frame'] / f:.1f} |")
print(f"| log-mel of one frame (contract's scalar code: nanoFramework, simulation) | {fs:,.0f} ({fsa} allocated) | {mlperf['numpy_ns_per_frame']:,.0f} | {mlperf['numpy_ns_per_frame'] / fs:.1f} |")
print(f"| log-mel of a window (5 frames, generated ComputeFeatures) | {w:,.0f} ({wa} allocated) | {mlperf['numpy_ns_per_window_features']:,.0f} | {mlperf['numpy_ns_per_window_features'] / w:.1f} |")
print()
print(f"Vectorised against scalar, the same integers: {fs / f:.1f}× on one frame.")
PY
