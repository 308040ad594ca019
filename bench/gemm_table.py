"""Joins EdgeVae's and numpy's GEMM JSON lines into a Markdown table with ratios and the theoretical peak."""
import json
import os
import re
import sys


def load(path):
    rows, meta = {}, {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line.startswith("{"):
            continue
        d = json.loads(line)
        if "shape" in d:
            rows[(d["shape"], d["threads"])] = d
        else:
            meta.update(d)
    return rows, meta


def peak():
    """cores × FMA units × lanes × 2 flops × clock. Zen/Haswell and later: 2 FMA units of 256 bits."""
    cores = os.cpu_count() or 1
    mhz = 0.0
    flags = ""
    for line in open("/proc/cpuinfo", encoding="utf-8"):
        if line.startswith("cpu MHz") and not mhz:
            mhz = float(line.split(":")[1])
        if line.startswith("flags") and not flags:
            flags = line
    fma_units = 2 if " fma" in flags and " avx2" in flags else 1
    ghz = mhz / 1000
    return cores, fma_units, ghz


ours, _ = load(sys.argv[1])
theirs, meta = load(sys.argv[2])
cores, units, ghz = peak()
per_core32 = units * 8 * 2 * ghz
print(f"Theoretical peak: {units} FMA units × 8 float lanes (4 double) × 2 flops × {ghz:.2f} GHz (nominal clock from /proc/cpuinfo; "
      f"boost may exceed it) = {per_core32:.1f} GFLOP/s float32, {per_core32 / 2:.1f} float64 per core; × {cores} cores = {per_core32 * cores:.1f} / {per_core32 * cores / 2:.1f}.")
print(f"Peer: numpy with {meta.get('blas', 'unknown')}.")
print()
print("| shape (m×n×k) | threads | EdgeVae f32 | OpenBLAS f32 | ratio | EdgeVae f64 | OpenBLAS f64 | ratio |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for key, o in ours.items():
    t = theirs.get(key)
    if not t:
        continue
    r32 = o["float32"] / t["float32"]
    r64 = o["float64"] / t["float64"]
    print(f"| {key[0]} | {key[1]} | {o['float32']:.1f} | {t['float32']:.1f} | {r32:.2f}× | {o['float64']:.1f} | {t['float64']:.1f} | {r64:.2f}× |")
print()
print("GFLOP/s = 2·m·n·k / best time of 5 repetitions (each ≥ 0.2 s). Ratios above 1 mean EdgeVae is faster.")
