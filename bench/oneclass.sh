#!/usr/bin/env bash
# One-class anomaly detection on Fashion-MNIST: for each class K, train on class K only and score the whole
# test set (class K normal, the nine others anomalous). AUROC per class for EdgeVae's AE, DAE and VAE
# (reconstruction error; the standardised residual, calibrate --score standardized; for the VAE also −ELBO) beside
# scikit-learn's IsolationForest on raw pixels, all in this run. Prints a Markdown table with the means.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-20}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist python3-sklearn python3-numpy >/dev/null
fi
DATA=${EDGEVAE_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
out=$(mktemp -d)
# A private copy of the tool, so rebuilding the repository during the run cannot pull it from under us.
dotnet publish src/EdgeVae.Trainer -c Release -v q -nologo -o "$out/edgevae" >/dev/null
edgevae() { dotnet "$out/edgevae/edgevae.dll" "$@"; }
common=(--data fashion-mnist --epochs "$EPOCHS" --batch 128 --lr 1e-3 --seed 1)
for k in 0 1 2 3 4 5 6 7 8 9; do
  # Per-pixel z-scores: a pixel that is nearly constant in the normal class weighs heavily when it changes.
  edgevae train "${common[@]}" --normal-class "$k" --kind ae --hidden 512,128 --latent 32 --normalize zscore:feature -o "$out/ae$k.evae" 2>/dev/null
  edgevae train "${common[@]}" --normal-class "$k" --kind denoising --noise gaussian:0.5 --hidden 512,128 --latent 32 --normalize zscore:feature -o "$out/dae$k.evae" 2>/dev/null
  edgevae train "${common[@]}" --normal-class "$k" --kind vae --reconstruction bernoulli --hidden 400 --latent 20 -o "$out/vae$k.evae" 2>/dev/null
  for m in ae dae vae; do edgevae eval "$out/$m$k.evae" --importance-samples 0 --json > "$out/$m$k.json"; done
  for m in ae vae; do
    edgevae calibrate "$out/$m$k.evae" --score standardized -o "$out/$m$k.std.evae" >/dev/null 2>&1
    edgevae eval "$out/$m$k.std.evae" --importance-samples 0 --json > "$out/$m$k.std.json"
  done
  edgevae eval "$out/ae$k.evae" --precision int8 --json > "$out/ae$k.int8.json"  # the AE as its int8 code scores
  echo "class $k done" >&2
done
/usr/bin/python3 - "$out" "$DATA" <<'PY'
import json, sys
import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
sys.path.insert(0, "bench/common")
import fashion
out, root = sys.argv[1], sys.argv[2]
xtr, ytr, xte, yte = fashion.load(root)
names = fashion.NAMES
cols = ["AE", "AE int8", "AE (standardised)", "DAE", "VAE (MSE)", "VAE (standardised)", "VAE (−ELBO)", "IsolationForest"]
rows = []
for k in range(10):
    r = [json.load(open(f"{out}/{m}{k}.json")) for m in ("ae", "dae", "vae")]
    forest = IsolationForest(n_estimators=100, random_state=0).fit(xtr[ytr == k])
    iso = roc_auc_score(yte != k, -forest.score_samples(xte))
    int8 = json.load(open(f"{out}/ae{k}.int8.json"))["auroc"]
    st = [json.load(open(f"{out}/{m}{k}.std.json"))["auroc_standardized"] for m in ("ae", "vae")]
    rows.append([r[0]["auroc"], int8, st[0], r[1]["auroc"], r[2]["auroc"], st[1], r[2]["auroc_neg_elbo"], iso])
print("| normal class | " + " | ".join(cols) + " |")
print("|---|" + "---:|" * len(cols))
for k, row in enumerate(rows):
    print(f"| {k} {names[k]} | " + " | ".join(f"{v:.3f}" for v in row) + " |")
means = np.mean(np.array(rows), axis=0)
print("| **mean** | " + " | ".join(f"**{v:.3f}**" for v in means) + " |")
PY
