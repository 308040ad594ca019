#!/usr/bin/env bash
# Denoising Fashion-MNIST beside PyTorch, in one run: the same 784-256-64-16 denoising autoencoder (ReLU, MSE, Adam 1e-3,
# batch 128, EPOCHS epochs, float32) trained by edgevae and by PyTorch on the same 54,000 images, on each corruption — Gaussian σ 0.3 clipped to
# [0, 1], and 30 % masking — for each seed in SEEDS, and the PSNR of the 10,000 denoised test images by both definitions
# (the PSNR of the mean squared error over the set; the mean of per-image PSNRs), beside the noisy inputs'. edgevae runs
# twice: with its own initialisation (--init auto: He before ReLU layers, Xavier elsewhere) and with PyTorch's
# (--init pytorch, what the peer starts from). PyTorch runs on one thread over OpenBLAS (Debian's default BLAS is the
# reference one, ten times slower). Prints a Markdown table of means and spreads over the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-20}
SEEDS=${SEEDS:-"1 2 3"}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist python3-torch python3-numpy libopenblas0-pthread >/dev/null
fi
DATA=${EDGEVAE_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
out=$(mktemp -d)
# A private copy of the tool, so rebuilding the repository during the run cannot pull it from under us.
dotnet publish src/EdgeVae.Trainer -c Release -v q -nologo -o "$out/edgevae" >/dev/null
edgevae() { dotnet "$out/edgevae/edgevae.dll" "$@"; }
# PyTorch trains on exactly the 54,000 images edgevae trains on (its split, exported).
edgevae data export --data fashion-mnist -o "$out/splits" >/dev/null 2>&1
noises=(gaussian:0.3:clip mask:0.3)
for i in 0 1; do
  n=${noises[$i]}
  for s in $SEEDS; do
    for init in auto pytorch; do
      edgevae train --data fashion-mnist --kind denoising --noise "$n" --hidden 256,64 --latent 16 --activation relu --init "$init" \
        --lr 1e-3 --batch 128 --epochs "$EPOCHS" --seed "$s" -o "$out/dae$i-$init-$s.evae" 2> "$out/train$i-$init-$s.log" >/dev/null
      edgevae eval "$out/dae$i-$init-$s.evae" --importance-samples 0 --seed "$s" --json > "$out/edgevae$i-$init-$s.json" 2>/dev/null
    done
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 bench/denoise/dae_torch.py "$DATA" "$n" "$EPOCHS" 1 "$s" "$out/splits/train.npy" > "$out/torch$i-$s.json"
    echo "$n seed $s done" >&2
  done
done
/usr/bin/python3 - "$out" "$SEEDS" "${noises[@]}" <<'PY'
import json, re, statistics, sys
out, seeds, noises = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
def load(pattern): return [json.load(open(pattern.format(s=s))) for s in seeds]
def stat(runs, key):
    v = [r[key] for r in runs]
    return statistics.mean(v), (statistics.stdev(v) if len(v) > 1 else 0.0)
print(f"Means over seeds {', '.join(seeds)} (± the standard deviation across them):\n")
print("| corruption | PSNR definition | noisy input | edgevae (own init) | edgevae (PyTorch's init) | PyTorch | edgevae (PyTorch's init) − PyTorch |")
print("|---|---|---:|---:|---:|---:|---:|")
for i, noise in enumerate(noises):
    auto, same, torch = load(f"{out}/edgevae{i}-auto-{{s}}.json"), load(f"{out}/edgevae{i}-pytorch-{{s}}.json"), load(f"{out}/torch{i}-{{s}}.json")
    for key, noisy, name in (("psnr_db", "psnr_noisy_db", "of the mean error"), ("psnr_image_db", "psnr_image_noisy_db", "mean per image")):
        (a, sa), (e, se), (t, st), (n, _) = stat(auto, key), stat(same, key), stat(torch, key), stat(same, noisy)
        print(f"| {noise} | {name} | {n:.2f} dB | {a:.2f} ± {sa:.2f} dB | {e:.2f} ± {se:.2f} dB | {t:.2f} ± {st:.2f} dB | {e - t:+.2f} dB |")
print()
for i, noise in enumerate(noises):
    ours = [float(m) for s in seeds for m in re.findall(r"^epoch \d+/\d+ .* ([0-9.]+)s$", open(f"{out}/train{i}-pytorch-{s}.log").read(), re.M)]
    theirs = [x for r in load(f"{out}/torch{i}-{{s}}.json") for x in r["epoch_seconds"]]
    print(f"{noise}: seconds per epoch (median) edgevae {statistics.median(ours):.2f}, PyTorch {json.load(open(f'{out}/torch{i}-{seeds[0]}.json'))['torch']} (one thread, OpenBLAS) {statistics.median(theirs):.2f}")
PY
