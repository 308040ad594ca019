#!/usr/bin/python3
"""GEMM-bound time of one VAE 784-400-20 training epoch on this machine: the matrix products of the
forward and backward passes (batch 128, 54,000 samples) timed with numpy/OpenBLAS at the thread count
given. Prints JSON: flops per epoch, seconds, GFLOP/s."""
import json, sys, time
import numpy as np

def main():
    samples, batch = 54000, 128
    layers = [(784, 400), (400, 40), (20, 400), (400, 784)]
    rng = np.random.default_rng(0)
    products = []
    for i, (fin, fout) in enumerate(layers):
        x, w, dy = (rng.standard_normal(s).astype(np.float32) for s in [(batch, fin), (fout, fin), (batch, fout)])
        products.append((x, w.T))       # forward  y = x·Wᵀ
        products.append((dy.T, x))      # backward dW = dyᵀ·x
        if i > 0: products.append((dy, w))  # backward dX = dy·W (not needed for the input layer)
    flops_batch = sum(2 * a.shape[0] * a.shape[1] * b.shape[1] for a, b in products)
    batches = (samples + batch - 1) // batch
    for a, b in products: a @ b  # warm up
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(batches):
            for a, b in products: a @ b
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"flops_per_epoch": flops_batch * batches, "seconds": best, "gflops": flops_batch * batches / best / 1e9}))

if __name__ == "__main__":
    main()
