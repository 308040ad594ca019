#!/usr/bin/python3
"""Writes one seed's split of scikit-learn's bundled Wisconsin breast-cancer table (569 rows, 30 measurements) as the
CSV files a user would have: train.csv and validation.csv hold benign rows only (50 % and 20 % of them), test.csv the
other 30 % of the benign rows and every malignant one. argv: output directory, seed."""
import csv, os, sys
import numpy as np
from sklearn.datasets import load_breast_cancer

out, seed = sys.argv[1], int(sys.argv[2])
data = load_breast_cancer()
x, y = data.data, data.target            # target 1 = benign, 0 = malignant
names = [n.replace(" ", "_") for n in data.feature_names]
rng = np.random.default_rng(seed)
benign = rng.permutation(np.flatnonzero(y == 1))
malignant = np.flatnonzero(y == 0)
a, b = int(0.5 * len(benign)), int(0.7 * len(benign))
parts = {"train": benign[:a], "validation": benign[a:b], "test": np.concatenate([benign[b:], malignant])}
os.makedirs(out, exist_ok=True)
for part, rows in parts.items():
    with open(f"{out}/{part}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["patient"] + names + ["diagnosis"])
        for i in rows:
            w.writerow([f"p{i:03d}"] + [f"{v:.6g}" for v in x[i]] + ["benign" if y[i] == 1 else "malignant"])
