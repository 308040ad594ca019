#!/usr/bin/env bash
# Denoising Fashion-MNIST beside PyTorch, in one run: the same 784-256-64-16 denoising autoencoder (ReLU, MSE, Adam 1e-3,
# batch 128, EPOCHS epochs, float32) trained by edgevae and by PyTorch on each corruption — Gaussian σ 0.3 clipped to
# [0, 1], and 30 % masking — and the PSNR of the 10,000 denoised test images by both definitions (the PSNR of the mean
# squared error over the set; the mean of per-image PSNRs), beside the noisy inputs'. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-20}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist python3-torch python3-numpy >/dev/null
fi
DATA=${EDGEVAE_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
out=$(mktemp -d)
# A private copy of the tool, so rebuilding the repository during the run cannot pull it from under us.
dotnet publish src/EdgeVae.Trainer -c Release -v q -nologo -o "$out/edgevae" >/dev/null
edgevae() { dotnet "$out/edgevae/edgevae.dll" "$@"; }
noises=(gaussian:0.3:clip mask:0.3)
for i in 0 1; do
  n=${noises[$i]}
  edgevae train --data fashion-mnist --kind denoising --noise "$n" --hidden 256,64 --latent 16 --activation relu \
    --lr 1e-3 --batch 128 --epochs "$EPOCHS" --seed 1 -o "$out/dae$i.evae" 2> "$out/train$i.log" >/dev/null
  edgevae eval "$out/dae$i.evae" --importance-samples 0 --json > "$out/edgevae$i.json"
  OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 /usr/bin/python3 bench/denoise/dae_torch.py "$DATA" "$n" "$EPOCHS" 2 > "$out/torch$i.json"
  echo "$n done" >&2
done
/usr/bin/python3 - "$out" "${noises[@]}" <<'PY'
import json, re, statistics, sys
out, noises = sys.argv[1], sys.argv[2:]
print("| corruption | PSNR definition | noisy input | edgevae denoised | PyTorch denoised | edgevae − PyTorch |")
print("|---|---|---:|---:|---:|---:|")
for i, noise in enumerate(noises):
    e = json.load(open(f"{out}/edgevae{i}.json"))
    t = json.load(open(f"{out}/torch{i}.json"))
    for key, name in (("psnr_db", "of the mean error"), ("psnr_image_db", "mean per image")):
        noisy = key.replace("_db", "_noisy_db") if key == "psnr_db" else "psnr_image_noisy_db"
        print(f"| {noise} | {name} | {e[noisy]:.2f} dB | {e[key]:.2f} dB | {t[key]:.2f} dB | {e[key] - t[key]:+.2f} dB |")
for i, noise in enumerate(noises):
    ours = [float(m) for m in re.findall(r"^epoch \d+/\d+ .* ([0-9.]+)s$", open(f"{out}/train{i}.log").read(), re.M)]
    t = json.load(open(f"{out}/torch{i}.json"))
    print(f"\n{noise}: seconds per epoch (median) edgevae {statistics.median(ours):.2f}, PyTorch {t['torch']} with 2 threads {statistics.median(t['epoch_seconds']):.2f}; PyTorch's noisy input {t['psnr_noisy_db']:.2f} dB / {t['psnr_image_noisy_db']:.2f} dB per image")
PY
