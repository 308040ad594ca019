#!/usr/bin/env bash
# Emitted nanoFramework code on nanoCLR, nanoFramework's interpreter built for this host (POSIX target): µs per
# inference of Score (a host interpreter: a figure to compare code changes with each other, not device latency), the
# IL bytes of the compiled program (model and timing loop) and the size of the .pe the metadata processor makes, for the dense motor model (the sample's committed MotorModel.cs),
# the same model emitted in int16 (64-bit sums) and the convolutional one (bench/models/motor-conv.evae, emitted here).
#   bench/nanoclr.sh            tools from EDGEVAE_NANOCLR, else ../shared/nanoclr beside the repository
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${EDGEVAE_NANOCLR:-$PWD/../shared/nanoclr}
[ -x "$tools/nanoclr" ] && [ -x "$tools/mdp" ] || { echo "nanoCLR and the metadata processor are not in $tools: set EDGEVAE_NANOCLR (README: nanoFramework tools)"; exit 1; }
# The real mscorlib 1.17 from NuGet (the nanoFramework tests restore it).
dotnet restore tests/EdgeVae.NanoFramework.Tests -v q >/dev/null
lib=$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')nanoframework.corelibrary/1.17.11/lib
csc=$(ls "$(dirname "$(readlink -f "$(command -v dotnet)")")"/sdk/*/Roslyn/bincore/csc.dll | tail -1)
out=$(mktemp -d)
cp firmware-samples/NanoFrameworkMonitor/MotorModel.cs "$out/dense.cs"
sed -i 's/namespace NanoFrameworkMonitor/namespace Bench/' "$out/dense.cs"
dotnet run --project src/EdgeVae.Trainer -c Release -- emit bench/models/motor-conv.evae --target nanoframework --class MotorModel --namespace Bench -o "$out/conv.cs" >/dev/null 2>&1
dotnet run --project src/EdgeVae.Trainer -c Release -- emit firmware-samples/NativeAotMonitor/motor.evae --target nanoframework --precision int16 --class MotorModel --namespace Bench -o "$out/dense-int16.cs" >/dev/null 2>&1
printf '%-12s %16s %10s %12s %14s\n' model "µs/inference" "IL bytes" ".pe bytes" "MACs/inference"
for m in dense dense-int16 conv; do
  dotnet "$csc" -nologo -nostdlib -noconfig -r:"$lib/mscorlib.dll" -langversion:7.3 -optimize+ -define:DEBUG -target:exe \
    -out:"$out/$m.exe" "$out/$m.cs" bench/nanoclr/Timing.cs >"$out/$m.csc.log" || { cat "$out/$m.csc.log"; exit 1; }
  "$tools/mdp" -loadHints mscorlib "$lib/mscorlib.dll" -parse "$out/$m.exe" -compile "$out/$m.pe" false >"$out/$m.mdp.log" 2>"$out/$m.mdp.err"
  [ -s "$out/$m.mdp.err" ] && { cat "$out/$m.mdp.err"; exit 1; }
  line=$(timeout 600 "$tools/nanoclr" "$lib/mscorlib.pe" "$out/$m.pe" | tr -d '\r' | grep -m1 us_per_inference)
  macs=$(grep -o 'MacsPerInference = [0-9]*' "$out/$m.cs" | grep -o '[0-9]*$')
  il=$(dotnet fsi bench/nanoclr/il_bytes.fsx "$out/$m.exe")
  printf '%-12s %16s %10s %12s %14s\n' "$m" "$(echo "$line" | awk '{print $2}')" "$il" "$(stat -c %s "$out/$m.pe")" "$macs"
done
