#!/usr/bin/env bash
# builtin:motor with the signal front-end beside the raw-window models, on the same data and training: a denoising AE
# 64-8 (30 epochs) per feature set and seed, calibrated at the 99.5th percentile of normal validation scores in int8, then
# evaluated in int8 exactly as the generated code runs (front-end included). Prints a Markdown table with the mean over
# SEEDS of AUROC, recall, false-positive rate, recall per fault at the threshold, and the int8 .NET build's flash, RAM and
# MACs per window (front-end included).
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-1 2 3}
EPOCHS=${EPOCHS:-30}
out=$(mktemp -d)
dotnet publish src/EdgeVae.Trainer -c Release -v q -nologo -o "$out/edgevae" >/dev/null
edgevae() { dotnet "$out/edgevae/edgevae.dll" "$@"; }
stats=mean/rms/peak/crest/kurtosis
bands=0/10/20/30/40/60/80/120/160/240/320/500
configs=(
  "raw, 64 steps (today's demo)|64|32|raw"
  "raw, 256 steps|256|64|raw"
  "log-mel 16, frames 64/32|256|64|log-mel:frame=64,hop=32,mels=16"
  "log-bands 11, frames 128/64|256|64|log-bands:frame=128,hop=64,edges=$bands"
  "log-bands 11 + statistics, frames 128/64|256|64|log-bands:frame=128,hop=64,edges=$bands,stats=$stats"
  "statistics, frames 64/32|256|64|stats:frame=64,hop=32"
  "per channel: accelerometers log-bands 11 + statistics, current statistics, frames 128/64|256|64|accel_x+accel_y+accel_z=log-bands:frame=128,hop=64,edges=$bands,stats=$stats;current=stats:frame=128,hop=64,stats=$stats"
  "per channel: accelerometers log-bands 11 + statistics, current statistics and its raw samples|256|64|accel_x+accel_y+accel_z=log-bands:frame=128,hop=64,edges=$bands,stats=$stats;current=stats:frame=128,hop=64,stats=$stats;current=raw"
)
for i in "${!configs[@]}"; do
  IFS='|' read -r label window hop features <<< "${configs[$i]}"
  for s in $SEEDS; do
    m="$out/c$i.s$s.evae"
    edgevae train --data builtin:motor --window "$window" --hop "$hop" --features "$features" --kind denoising --noise gaussian:0.3 \
      --hidden 64 --latent 8 --epochs "$EPOCHS" --seed "$s" -o "$m" >/dev/null 2>&1
    edgevae calibrate "$m" --method percentile:99.5 --precision int8 >/dev/null 2>&1
    edgevae eval "$m" --precision int8 --importance-samples 0 --json > "$out/c$i.s$s.json" 2>/dev/null
  done
  edgevae emit "$m" --precision int8 -o "$out/c$i.g.cs" 2>&1 | tail -1 > "$out/c$i.emit"
  echo "$label" > "$out/c$i.label"
done
/usr/bin/python3 - "$out" "${#configs[@]}" $SEEDS <<'PY'
import json, re, sys
out, n, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
faults = ["Bearing", "Imbalance", "Misalignment", "Looseness", "SensorSpike", "Dropout", "Drift"]
print(f"| features (int8, mean of {len(seeds)} seeds) | AUROC | recall | FPR | " + " | ".join(faults) + " | flash | RAM | MACs |")
print("| --- |" + " ---: |" * (6 + len(faults)))
for i in range(n):
    runs = [json.load(open(f"{out}/c{i}.s{s}.json")) for s in seeds]
    mean = lambda f: sum(f(r) for r in runs) / len(runs)
    emit = open(f"{out}/c{i}.emit").read()
    flash, ram, macs = re.search(r"(\d+) bytes flash, (\d+) bytes RAM, (\d+) MACs", emit).groups()
    cells = [f"{mean(lambda r: r['auroc']):.3f}", f"{mean(lambda r: r['recall']):.3f}", f"{mean(lambda r: r['false_positive_rate']):.4f}"]
    cells += [f"{mean(lambda r: r['recall_by_label'][f]):.2f}" for f in faults]
    cells += [f"{int(flash):,}", f"{int(ram):,}", f"{int(macs):,}"]
    print(f"| {open(f'{out}/c{i}.label').read().strip()} | " + " | ".join(cells) + " |")
PY
