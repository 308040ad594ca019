"""Fashion-MNIST from Debian's dataset-fashion-mnist (gzipped IDX), for the Python peers of the benchmarks."""
import gzip
import numpy as np

NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

def idx(path):
    """One IDX file as a uint8 array of its shape."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)

def load(root):
    """(x_train, y_train, x_test, y_test): images as float32 rows of 784 in [0, 1], labels as uint8."""
    def images(name):
        return idx(f"{root}/{name}-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    return (images("train"), idx(f"{root}/train-labels-idx1-ubyte.gz"), images("t10k"), idx(f"{root}/t10k-labels-idx1-ubyte.gz"))
