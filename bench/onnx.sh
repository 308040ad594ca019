#!/usr/bin/env bash
# Models from PyTorch through ONNX, in one run: PyTorch 1.13 (Debian's python3-torch) trains a dense AE, a Conv1D AE
# and a VAE on builtin:motor (the trainer's own splits, from `edgevae data export`) and exports each with
# torch.onnx.export; `edgevae import` maps each graph onto EdgeVae's ops. Then, per model:
#   - ONNX Runtime on the exported file against EdgeVae's float32 engine on the imported model, 1,000 test windows:
#     norm-wise relative error of the reconstructions, relative error of the scores;
#   - calibrate (float32 and int8) and eval: AUROC of float32 and of the generated int8 code's simulation;
#   - the round trip: export --onnx, import, and the model files compared byte for byte;
#   - EdgeVae's own export run by ONNX Runtime against EdgeVae's float32 engine (norm-wise, max over the windows).
#   bench/onnx.sh              EPOCHS=20 by default
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-20}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy >/dev/null
fi
out=$(mktemp -d)
dotnet publish src/EdgeVae.Trainer -c Release -v q -nologo -o "$out/edgevae" >/dev/null
dotnet build bench/EdgeVae.Bench -c Release -v q -nologo >/dev/null
edgevae() { dotnet "$out/edgevae/edgevae.dll" "$@"; }
edgevae data export --data builtin:motor -o "$out/data" >/dev/null 2>&1
/usr/bin/python3 bench/onnx/train_export.py "$out/data" "$out" "$EPOCHS"
printf '| model | parameters | reconstruction rel. error (max / mean) | score rel. error (max) | AUROC float32 | AUROC int8 | round trip | export --onnx in ONNX Runtime |\n|---|---:|---|---|---:|---:|---|---|\n'
for m in dense conv vae; do
  edgevae import "$out/$m.onnx" -o "$out/$m.evae" --channels 4 --window 64 --name "$m" >"$out/$m.import.log"
  check=$(dotnet bench/EdgeVae.Bench/bin/Release/net10.0/EdgeVae.Bench.dll onnx-import-check "$out/$m.onnx" "$out/$m.evae" "$out/inputs.f32")
  edgevae calibrate "$out/$m.evae" --data builtin:motor >/dev/null 2>&1
  edgevae calibrate "$out/$m.evae" --data builtin:motor --precision int8 >/dev/null 2>&1
  f32=$(edgevae eval "$out/$m.evae" --data builtin:motor --json --importance-samples 0 2>/dev/null)
  i8=$(edgevae eval "$out/$m.evae" --data builtin:motor --precision int8 --json 2>/dev/null)
  edgevae export "$out/$m.evae" --onnx -o "$out/$m.back.onnx" >/dev/null
  edgevae import "$out/$m.back.onnx" -o "$out/$m.back.evae" >/dev/null
  cmp -s "$out/$m.evae" "$out/$m.back.evae" && rt="identical" || rt="DIFFERS"
  back=$(dotnet bench/EdgeVae.Bench/bin/Release/net10.0/EdgeVae.Bench.dll onnx-import-check "$out/$m.back.onnx" "$out/$m.evae" "$out/inputs.f32")
  params=$(grep -o '[0-9,]* parameters' "$out/$m.import.log" | head -1 | cut -d' ' -f1)
  /usr/bin/python3 - "$m" "$params" "$check" "$f32" "$i8" "$rt" "$back" <<'PY'
import json, sys
m, params, check, f32, i8, rt, back = sys.argv[1:]
c, a, b, e = json.loads(check), json.loads(f32), json.loads(i8), json.loads(back)
print(f"| {m} | {params} | {c['recon_rel_max']:.1e} / {c['recon_rel_mean']:.1e} | {c['score_rel_max']:.1e} | {a['auroc']:.4f} | {b['auroc']:.4f} | {rt} | {e['recon_rel_max']:.1e} (scores {e['score_rel_max']:.1e}) |")
PY
done
