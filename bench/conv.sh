#!/usr/bin/env bash
# builtin:motor, dense against convolutional at similar size, and the convolutional model beside PyTorch, in one run.
#   dense: denoising AE 256-64-8 (./demo.sh's model); conv: denoising AE with conv 4→16 (k5 s2), conv 16→32 (k5 s2),
#   code 8, decoder mirrored with nearest upsampling. Both: Gaussian noise 0.3, Adam 1e-3, batch 128, 30 epochs,
#   seed 1; thresholds at the 99.5th percentile of 992 held-out normal windows, float32 and int8.
# Table 1: AUROC, recall per fault at the int8 threshold, int8 flash/RAM of the .NET flavor, MACs per window and per
# hop of the streaming scorer. Table 2: the conv model beside a PyTorch Conv1d AE of the same graph and recipe on the
# same exported windows (`edgevae data export`): AUROC and seconds per epoch. Prints Markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-30}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy python3-sklearn >/dev/null
fi
out=$(mktemp -d)
# A private copy of the tool, so rebuilding the repository during the run cannot pull it from under us.
dotnet publish src/EdgeVae.Trainer -c Release -v q -nologo -o "$out/edgevae" >/dev/null
edgevae() { dotnet "$out/edgevae/edgevae.dll" "$@"; }
common=(--data builtin:motor --kind denoising --noise gaussian:0.3 --latent 8 --epochs "$EPOCHS" --seed 1 --lr 1e-3 --batch 128)
edgevae train "${common[@]}" --hidden 64 --name motor-dense -o "$out/dense.evae" 2> "$out/dense.train.log" >/dev/null
edgevae train "${common[@]}" --encoder conv:16:5:2,conv:32:5:2 --name motor-conv -o "$out/conv.evae" 2> "$out/conv.train.log" >/dev/null
for m in dense conv; do
  for p in float32 int8; do
    edgevae calibrate "$out/$m.evae" --method percentile:99.5 --precision "$p" >/dev/null 2>&1
  done
  for p in float32 int8; do edgevae eval "$out/$m.evae" --precision "$p" --importance-samples 0 --json > "$out/$m.$p.json"; done
  edgevae emit "$out/$m.evae" --precision int8 -o "$out/$m.cs" 2> "$out/$m.emit.log"
  edgevae info "$out/$m.evae" > "$out/$m.info"
done
edgevae data export --data builtin:motor -o "$out/data" 2>/dev/null
for t in 1 2; do
  OMP_NUM_THREADS=$t /usr/bin/python3 bench/conv/conv_torch.py "$out/conv.evae" "$out/data" "$t" "$EPOCHS" 0.3 > "$out/torch$t.json"
done

/usr/bin/python3 - "$out" <<'PY'
import json, re, sys, statistics
out = sys.argv[1]
def emit(m):
    flash, ram, macs = re.search(r"(\d+) bytes flash, (\d+) bytes RAM, (\d+) MACs", open(f"{out}/{m}.emit.log").read()).groups()
    return int(flash), int(ram), int(macs)
def info(m, key):
    line = re.search(rf"^{key}\s+(.*)$", open(f"{out}/{m}.info").read(), re.M)
    return line.group(1) if line else None
def epochs(m):
    return [float(s) for s in re.findall(r"^epoch \d+/\d+ .* ([0-9.]+)s$", open(f"{out}/{m}.train.log").read(), re.M)]
ev = {(m, p): json.load(open(f"{out}/{m}.{p}.json")) for m in ("dense", "conv") for p in ("float32", "int8")}
size = {m: emit(m) for m in ("dense", "conv")}
def hop(m, h):
    s = info(m, "streaming")
    if not s: return "(recomputes)"
    macs = dict(re.findall(r"(\d+): ([\d,]+)", s.split("MACs per window at hop", 1)[-1]))
    return macs.get(str(h), "—")
print("| builtin:motor, denoising, int8 as generated | dense 256-64-8 | conv 16k5s2-32k5s2-8 |")
print("|---|---:|---:|")
print(f"| parameters | {info('dense', 'parameters').split(' ')[0]} | {info('conv', 'parameters').split(' ')[0]} |")
print(f"| flash, .NET int8 (bytes) | {size['dense'][0]:,} | {size['conv'][0]:,} |")
print(f"| RAM, .NET int8 (bytes) | {size['dense'][1]:,} | {size['conv'][1]:,} |")
print(f"| MACs per window | {size['dense'][2]:,} | {size['conv'][2]:,} |")
for h in (8, 32):
    print(f"| MACs per window, streaming scorer at hop {h} | {hop('dense', h)} | {hop('conv', h)} |")
print(f"| AUROC float32 | {ev['dense', 'float32']['auroc']:.4f} | {ev['conv', 'float32']['auroc']:.4f} |")
print(f"| AUROC int8 | {ev['dense', 'int8']['auroc']:.4f} | {ev['conv', 'int8']['auroc']:.4f} |")
print(f"| false-positive rate int8 | {ev['dense', 'int8']['false_positive_rate']:.3f} | {ev['conv', 'int8']['false_positive_rate']:.3f} |")
for fault in ev["dense", "int8"]["recall_by_label"]:
    print(f"| recall int8: {fault} | {ev['dense', 'int8']['recall_by_label'][fault]:.2f} | {ev['conv', 'int8']['recall_by_label'][fault]:.2f} |")
torch = [json.load(open(f"{out}/torch{t}.json")) for t in (1, 2)]
best = min(torch, key=lambda r: statistics.median(r["epoch_seconds"]))
ours, theirs = statistics.median(epochs("conv")), statistics.median(best["epoch_seconds"])
print()
print(f"| conv AE, float32 | edgevae | PyTorch {best['torch']} ({best['threads']} thread{'s' if best['threads'] > 1 else ''}) | edgevae − / ÷ PyTorch |")
print("|---|---:|---:|---:|")
print(f"| AUROC | {ev['conv', 'float32']['auroc']:.4f} | {best['auroc']:.4f} | {ev['conv', 'float32']['auroc'] - best['auroc']:+.4f} |")
print(f"| seconds per epoch (median of {len(best['epoch_seconds'])}) | {ours:.3f} | {theirs:.3f} | {ours / theirs:.2f}× |")
for r in torch:
    print(f"\nPyTorch with {r['threads']} thread(s): median {statistics.median(r['epoch_seconds']):.3f} s/epoch, AUROC {r['auroc']:.4f}, "
          + "recall " + ", ".join(f"{k} {v:.2f}" for k, v in r["recall_by_label"].items()))
PY
