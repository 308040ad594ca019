#!/usr/bin/env bash
# A model trained elsewhere, through edgevae import: PyTorch writes an nn.Sequential autoencoder as safetensors
# (float64 weights), edgevae imports it and scores 1,000 inputs in float32, and the script prints the largest
# difference from PyTorch's own scores of the same inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy >/dev/null
fi
out=$(mktemp -d)
/usr/bin/python3 bench/safetensors/torch_model.py "$out"
edgevae() { dotnet run -c Release --project src/EdgeVae.Trainer -v q -- "$@"; }
edgevae import "$out/model.safetensors" --kind ae --activation relu -o "$out/model.evae"
edgevae score "$out/model.evae" --data "npy:$out/x.npy" --split all --precision float32 -o "$out/scores.csv"
/usr/bin/python3 - "$out" <<'PY'
import sys
import numpy as np
out = sys.argv[1]
torch_scores = np.load(out + "/torch_scores.npy")
ours = np.loadtxt(out + "/scores.csv", delimiter=",", skiprows=1, usecols=2)
assert len(ours) == len(torch_scores), (len(ours), len(torch_scores))
rel = np.abs(ours - torch_scores) / np.maximum(np.abs(torch_scores), 1e-12)
print(f"{len(ours)} inputs: largest relative difference from PyTorch's scores {rel.max():.2e}, mean {rel.mean():.2e}")
PY
