#!/usr/bin/env bash
# GEMM throughput table: EdgeVae's float/double GEMM beside numpy on OpenBLAS, same shapes, same run,
# 1 and 2 threads, with the machine's theoretical peak. Usage: bench/gemm.sh   (writes bench/results/gemm.md)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  # numpy must sit on OpenBLAS, not the reference BLAS, for the comparison to mean anything.
  dpkg -s python3-numpy libopenblas0-pthread python3-threadpoolctl >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy libopenblas0-pthread python3-threadpoolctl >/dev/null; }
fi
mkdir -p bench/results
ours=$(mktemp); theirs=$(mktemp)
dotnet run -c Release --project bench/EdgeVae.Bench -- gemm-table 1 2 > "$ours"
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be pinned on this machine for old OpenBLAS bugs; they slow a current one.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/gemm_numpy.py > "$theirs"
/usr/bin/python3 bench/gemm_table.py "$ours" "$theirs" | tee bench/results/gemm.md
rm -f "$ours" "$theirs"
