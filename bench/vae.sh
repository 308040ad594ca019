#!/usr/bin/env bash
# Fashion-MNIST VAE 784-400-20 (ReLU, Bernoulli, Adam 1e-3, batch 128, 10 epochs, float32):
# edgevae beside PyTorch in one run — test −ELBO per image and seconds per epoch — plus the GEMM-bound
# time of an epoch (its matrix products alone, timed with numpy/OpenBLAS). Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-10}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist python3-torch python3-numpy libopenblas0-pthread >/dev/null
fi
DATA=${EDGEVAE_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
out=$(mktemp -d)
dotnet build src/EdgeVae.Trainer -c Release -v q -nologo >/dev/null
EDGEVAE="dotnet src/EdgeVae.Trainer/bin/Release/net10.0/edgevae.dll"

$EDGEVAE train --data fashion-mnist --kind vae --reconstruction bernoulli --hidden 400 --latent 20 \
  --activation relu --lr 1e-3 --batch 128 --epochs "$EPOCHS" --precision float32 -o "$out/vae.evae" 2> "$out/train.log" >/dev/null
$EDGEVAE eval "$out/vae.evae" --importance-samples 0 --json > "$out/eval.json"
# PyTorch at 1 and 2 intra-op threads, its BLAS pool at 2; the faster one is the reference.
for t in 1 2; do
  OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 /usr/bin/python3 bench/vae/vae_torch.py "$DATA" "$t" "$EPOCHS" > "$out/torch$t.json"
done
for t in 1 2; do /usr/bin/python3 bench/vae/gemm_bound.py > "$out/gemm$t.json"; done

/usr/bin/python3 - "$out" <<'PY'
import json, re, sys, statistics
out = sys.argv[1]
ours_epochs = [float(m) for m in re.findall(r"^epoch \d+/\d+ .* ([0-9.]+)s$", open(f"{out}/train.log").read(), re.M)]
ours = json.load(open(f"{out}/eval.json"))
torch = [json.load(open(f"{out}/torch{t}.json")) for t in (1, 2)]
best = min(torch, key=lambda r: statistics.median(r["epoch_seconds"]))
gemm = json.load(open(f"{out}/gemm1.json"))
o, p = statistics.median(ours_epochs), statistics.median(best["epoch_seconds"])
print(f"| | edgevae | PyTorch {best['torch']} ({best['threads']} thread{'s' if best['threads'] > 1 else ''}) | ratio |")
print("|---|---:|---:|---:|")
print(f"| test −ELBO (nats/image) | {ours['neg_elbo']:.2f} | {best['test_neg_elbo']:.2f} | {ours['neg_elbo'] / best['test_neg_elbo']:.4f} |")
print(f"| seconds/epoch (median) | {o:.2f} | {p:.2f} | {o / p:.2f}× |")
print(f"| GEMM-bound seconds/epoch | {gemm['seconds']:.2f} | {gemm['seconds']:.2f} | |")
print(f"| epoch ÷ GEMM-bound | {o / gemm['seconds']:.2f} | {p / gemm['seconds']:.2f} | |")
for r in torch: print(f"\nPyTorch with {r['threads']} thread(s): median {statistics.median(r['epoch_seconds']):.2f} s/epoch, test −ELBO {r['test_neg_elbo']:.2f}")
print(f"GEMM: {gemm['flops_per_epoch'] / 1e9:.1f} GFLOP per epoch at {gemm['gflops']:.1f} GFLOP/s (numpy/OpenBLAS, 1 run of the exact shapes)")
PY
