#!/usr/bin/env bash
# A small real table with separate train, validation and test files: scikit-learn's Wisconsin breast-cancer data
# (30 measurements; benign is normal, malignant the anomaly), five random splits. For each split, edgevae's AE and VAE
# are trained on the benign training rows; AUROC on the test file for each score — the mean squared error, the
# standardised residual (calibrate --score standardized), and the VAE's −ELBO — beside scikit-learn's IsolationForest
# (100 trees) fitted on the same training rows, in the same run. Prints a Markdown table with the means.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-200}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn python3-numpy >/dev/null
fi
out=$(mktemp -d)
dotnet publish src/EdgeVae.Trainer -c Release -v q -nologo -o "$out/edgevae" >/dev/null
edgevae() { dotnet "$out/edgevae/edgevae.dll" "$@"; }
for s in 1 2 3 4 5; do
  d="$out/split$s"
  /usr/bin/python3 bench/table/make_csv.py "$d" "$s"
  files=(--data "csv:$d/train.csv" --validation "csv:$d/validation.csv" --test "csv:$d/test.csv"
         --label-column diagnosis --normal-label benign --ignore-columns patient)
  common=(--epochs "$EPOCHS" --batch 32 --lr 1e-3 --seed "$s")
  edgevae train "${files[@]}" "${common[@]}" --kind ae --hidden 16 --latent 4 -o "$d/ae.evae" 2>/dev/null
  edgevae train "${files[@]}" "${common[@]}" --kind vae --hidden 16 --latent 4 -o "$d/vae.evae" 2>/dev/null
  for m in ae vae; do
    edgevae calibrate "$d/$m.evae" --score standardized -o "$d/$m.std.evae" >/dev/null 2>&1
    edgevae eval "$d/$m.std.evae" --importance-samples 0 --json > "$d/$m.json" 2>/dev/null
  done
  edgevae eval "$d/ae.std.evae" --precision int8 --json > "$d/ae.int8.json" 2>/dev/null
done
/usr/bin/python3 - "$out" <<'PY'
import csv, json, sys
import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
out = sys.argv[1]
def read(path):
    rows = list(csv.reader(open(path)))[1:]
    return np.array([[float(v) for v in r[1:-1]] for r in rows]), np.array([r[-1] == "malignant" for r in rows])
cols = ["AE (MSE)", "AE (standardised)", "AE int8 (standardised)", "VAE (MSE)", "VAE (standardised)", "VAE (−ELBO)", "IsolationForest"]
rows = []
for s in range(1, 6):
    d = f"{out}/split{s}"
    ae, vae, int8 = (json.load(open(f"{d}/{n}.json")) for n in ("ae", "vae", "ae.int8"))
    xtr, _ = read(f"{d}/train.csv")
    xte, yte = read(f"{d}/test.csv")
    forest = IsolationForest(n_estimators=100, random_state=0).fit(xtr)
    rows.append([ae["auroc"], ae["auroc_standardized"], int8["auroc_standardized"], vae["auroc"], vae["auroc_standardized"],
                 vae["auroc_neg_elbo"], roc_auc_score(yte, -forest.score_samples(xte))])
print(f"Wisconsin breast cancer: {len(xtr)} benign training rows, {len(yte)} test rows ({int(yte.sum())} malignant) per split\n")
print("| split | " + " | ".join(cols) + " |")
print("|---|" + "---:|" * len(cols))
for s, row in enumerate(rows, 1):
    print(f"| {s} | " + " | ".join(f"{v:.3f}" for v in row) + " |")
print("| **mean** | " + " | ".join(f"**{v:.3f}**" for v in np.mean(np.array(rows), axis=0)) + " |")
PY
