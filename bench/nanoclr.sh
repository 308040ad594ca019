#!/usr/bin/env bash
# Emitted nanoFramework code on nanoCLR, nanoFramework's interpreter built for this host (POSIX target): µs per
# inference of Score (a host interpreter: a figure to compare code changes with each other, not device latency), the
# interpreter's x64 instructions per inference counted by valgrind's callgrind (the same count run after run, whatever
# else the machine does: the program with 100 calls less the same program with none, over 100), the
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
build() { # model suffix defines
  dotnet "$csc" -nologo -nostdlib -noconfig -r:"$lib/mscorlib.dll" -langversion:7.3 -optimize+ -define:"DEBUG$3" -target:exe \
    -out:"$out/$1$2.exe" "$out/$1.cs" bench/nanoclr/Timing.cs >"$out/$1$2.csc.log" || { cat "$out/$1$2.csc.log"; exit 1; }
  "$tools/mdp" -loadHints mscorlib "$lib/mscorlib.dll" -parse "$out/$1$2.exe" -compile "$out/$1$2.pe" false >"$out/$1$2.mdp.log" 2>"$out/$1$2.mdp.err"
  [ -s "$out/$1$2.mdp.err" ] && { cat "$out/$1$2.mdp.err"; exit 1; }
  return 0
}
instructions() { # .pe → instructions the interpreter executed (callgrind's total)
  LD_LIBRARY_PATH="$tools/lib" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$tools/bin/nanoFramework.nanoCLR.test" "$lib/mscorlib.pe" "$1" 2>&1 \
    | sed -nE 's/.*Collected : ([0-9]+).*/\1/p'
}
counting=$(command -v valgrind >/dev/null && echo yes || echo no)
printf '%-12s %16s %22s %10s %12s %14s\n' model "µs/inference" "instructions/inference" "IL bytes" ".pe bytes" "MACs/inference"
for m in dense dense-int16 conv; do
  build "$m" "" ""
  line=$(timeout 600 "$tools/nanoclr" "$lib/mscorlib.pe" "$out/$m.pe" | tr -d '\r' | grep -m1 us_per_inference)
  macs=$(grep -o 'MacsPerInference = [0-9]*' "$out/$m.cs" | grep -o '[0-9]*$')
  il=$(dotnet fsi bench/nanoclr/il_bytes.fsx "$out/$m.exe")
  count="(no valgrind)"
  if [ "$counting" = yes ]; then
    build "$m" ".none" ";NO_RUNS"
    count=$(( ($(instructions "$out/$m.pe") - $(instructions "$out/$m.none.pe")) / 100 ))
  fi
  printf '%-12s %16s %22s %10s %12s %14s\n' "$m" "$(echo "$line" | awk '{print $2}')" "$count" "$il" "$(stat -c %s "$out/$m.pe")" "$macs"
done
