#!/usr/bin/env bash
# The on-device learner, simulated bit for bit (edgevae adapt): the demo's int8 denoising AE trained and calibrated on
# one operating range of builtin:motor, deployed on others. For each deployment: AUROC, false-positive rate and recall
# per fault at the threshold, with the trained baseline and after the learner has taken 256 normal windows for the
# normalization and 256 for the threshold (mean + 3 standard deviations), as the device would from its first ~16 s.
#   bench/learner.sh              EPOCHS=30 by default
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-30}
out=$(mktemp -d)
dotnet publish src/EdgeVae.Trainer -c Release -v q -nologo -o "$out/edgevae" >/dev/null
edgevae() { dotnet "$out/edgevae/edgevae.dll" "$@"; }
trained="builtin:motor?rpm=1200-1500&load=0.3-0.6"
edgevae train --data "$trained" --kind denoising --noise gaussian:0.3 --hidden 64 --latent 8 --epochs "$EPOCHS" --seed 1 --name motor -o "$out/motor.evae" >/dev/null 2>&1
edgevae calibrate "$out/motor.evae" --method percentile:99.5 >/dev/null 2>&1
edgevae calibrate "$out/motor.evae" --method percentile:99.5 --precision int8 >/dev/null 2>&1
echo "trained on $trained (int8, percentile 99.5 threshold)"
for deployed in "$trained" "builtin:motor?rpm=1500-1800&load=0.6-1.0" "builtin:motor?rpm=2400-3000&load=1.1-1.5" "builtin:motor?rpm=600-900&load=0-0.2"; do
  echo
  echo "### deployed on $deployed"
  edgevae adapt "$out/motor.evae" --data "$deployed" --normal-windows 256 --threshold-windows 256 --sigmas 3 2>/dev/null | sed -n '/threshold /,$p'
done
