#!/usr/bin/env bash
# The main job on the built-in data, end to end:
#   1. train a denoising autoencoder on builtin:motor (normal machine windows only), on the features of the signal
#      front-end (log band energies and per-frame statistics of 256-step windows), which the generated code computes too;
#   2. calibrate activation ranges and thresholds on held-out normal windows, in float32 and in int8;
#   3. evaluate both precisions on held-out normal and faulty windows (every fault type);
#   4. compile the model with the EdgeVae source generator into the NativeAOT monitor sample (int8);
#   5. stream a 60 s recording with seven injected faults through it and print the events against the truth.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=${OUT:-out}
mkdir -p "$out"
dotnet build src/EdgeVae.Trainer -c Release -v q -nologo >/dev/null
edgevae() { dotnet src/EdgeVae.Trainer/bin/Release/net10.0/edgevae.dll "$@"; }

echo "== 1. train: front-end (11 log band energies + 5 statistics per 128-sample frame) and a denoising AE 64-8 on builtin:motor"
edgevae train --data builtin:motor --window 256 --hop 64 \
  --features log-bands:frame=128,hop=64,edges=0/10/20/30/40/60/80/120/160/240/320/500,stats=mean/rms/peak/crest/kurtosis \
  --kind denoising --noise gaussian:0.3 --hidden 64 --latent 8 --epochs 30 --seed 1 --name motor -o "$out/motor.evae"
echo "== 2. calibrate on held-out normal windows (99.5th percentile), float32 then int8"
edgevae calibrate "$out/motor.evae" --method percentile:99.5
edgevae calibrate "$out/motor.evae" --method percentile:99.5 --precision int8
echo "== 3. evaluate on held-out normal + faulty windows"
for p in float32 int8; do echo "-- $p"; edgevae eval "$out/motor.evae" --precision "$p" --importance-samples 0; done
echo "== 4. generate int8 code into firmware-samples/NativeAotMonitor and build it"
edgevae data recording --seconds 60 --seed 2026 -o "$out/recording.csv"
dotnet build firmware-samples/NativeAotMonitor -c Release -v n -nologo -p:EdgeVaeModelFile="$(cd "$out" && pwd)/motor.evae" \
  | grep -E "EdgeVae: |(warning|error) EVAE0|error CS" | sed -e "s/^ *//" -e "s/ \[.*$//" | sort -u || true
echo "== 5. stream the recording through the generated model"
dotnet firmware-samples/NativeAotMonitor/bin/Release/net10.0/NativeAotMonitor.dll "$out/recording.csv" --hop 64
