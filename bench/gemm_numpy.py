"""numpy (OpenBLAS) GEMM rates on the shapes of bench/EdgeVae.Bench's gemm-table, as JSON lines."""
import json
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

SHAPES = [(f"{s}³", s, s, s, False, False) for s in (64, 128, 256, 512, 1024)] + [
    ("128×784×400 (X·Wᵀ)", 128, 400, 784, False, True),
    ("128×400×784 (X·Wᵀ)", 128, 784, 400, False, True),
    ("128×400×40 (X·Wᵀ)", 128, 40, 400, False, True),
    ("400×784×128 (dYᵀ·X)", 400, 784, 128, True, False),
    ("128×784×400 (dY·W)", 128, 784, 400, False, False),
]


def rate(m, n, k, ta, tb, dtype):
    rng = np.random.default_rng(1)
    a = (rng.random((k, m) if ta else (m, k)) - 0.5).astype(dtype)
    b = (rng.random((n, k) if tb else (k, n)) - 0.5).astype(dtype)
    c = np.empty((m, n), dtype=dtype)
    opa, opb = (a.T if ta else a), (b.T if tb else b)
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.3:
        np.matmul(opa, opb, out=c)
        calls += 1
    per_rep = max(1, int(calls * 0.2 / (time.perf_counter() - start)))
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(per_rep):
            np.matmul(opa, opb, out=c)
        best = min(best, (time.perf_counter() - t) / per_rep)
    return 2.0 * m * n * k / best / 1e9


blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
print(json.dumps({"blas": blas[0]["internal_api"] + " " + blas[0]["version"] + " " + str(blas[0].get("architecture")) if blas else "unknown"}))
for name, m, n, k, ta, tb in SHAPES:
    for threads in (1, 2):
        with threadpool_limits(limits=threads, user_api="blas"):
            print(json.dumps({"shape": name, "threads": threads,
                              "float32": round(rate(m, n, k, ta, tb, np.float32), 2),
                              "float64": round(rate(m, n, k, ta, tb, np.float64), 2)}), flush=True)
