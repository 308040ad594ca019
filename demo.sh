#!/usr/bin/env bash
# The main job on the built-in data: train a denoising autoencoder on builtin:motor (normal machine
# windows), calibrate its anomaly threshold on held-out normal windows, then evaluate it on held-out
# normal and faulty windows (every fault type) and print what it found.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=${OUT:-out}
mkdir -p "$out"
dotnet build src/EdgeVae.Trainer -c Release -v q -nologo >/dev/null
edgevae() { dotnet src/EdgeVae.Trainer/bin/Release/net10.0/edgevae.dll "$@"; }

echo "== train: denoising AE 256-64-8 on builtin:motor"
edgevae train --data builtin:motor --kind denoising --noise gaussian:0.3 --hidden 64 --latent 8 \
  --epochs 30 --seed 1 --name motor -o "$out/motor.evae"
echo "== calibrate: threshold at the 99.5th percentile of held-out normal scores"
edgevae calibrate "$out/motor.evae" --method percentile:99.5
echo "== model"
edgevae info "$out/motor.evae" | head -14
echo "== evaluate on held-out normal + faulty windows"
edgevae eval "$out/motor.evae"
