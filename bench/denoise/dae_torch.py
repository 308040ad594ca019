#!/usr/bin/python3
"""PyTorch peer for the Fashion-MNIST denoising benchmark: the same model, data protocol, corruption and optimiser as
`edgevae train --kind denoising --hidden 256,64 --latent 16 --noise NOISE` (784-256-64-16-64-256-784, ReLU,
identity output, mean squared error against the clean image, Adam 1e-3, batch 128, corruption drawn afresh per batch).

argv: data directory, noise (gaussian:STD[:clip] or mask:P), epochs, threads, seed, and optionally the training images as
.npy in pixel units (edgevae data export's train.npy: the same 54,000 images edgevae trains on).
Prints one JSON object: PSNR of the denoised and of the noisy test images by both definitions (the PSNR of the mean
squared error over the set, and the mean of per-image PSNRs) and seconds per epoch."""
import json, math, os, sys, time
import torch
from torch import nn
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import fashion

def corrupt(x, noise, gen):
    kind, amount, *rest = noise.split(":")
    amount = float(amount)
    if kind == "gaussian":
        y = x + amount * torch.randn(x.shape, generator=gen)
    elif kind == "mask":
        y = torch.where(torch.rand(x.shape, generator=gen) < amount, torch.zeros_like(x), x)
    else:
        raise SystemExit(f"unknown noise {noise}")
    return y.clamp(0, 1) if rest == ["clip"] else y

def psnr(mse):
    """Both definitions, peak 1; an exact image counts as 100 dB, as edgevae eval does."""
    mse = mse.double()
    return 10 * math.log10(1 / mse.mean().item()), torch.clamp(10 * torch.log10(1 / mse), max=100).mean().item()

def main():
    root, noise, epochs, threads, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    x_train, _, x_test, _ = fashion.load(root)
    x_train, x_test = torch.from_numpy(x_train), torch.from_numpy(x_test)
    if len(sys.argv) > 6:
        import numpy as np
        x_train = torch.from_numpy(np.load(sys.argv[6]).astype(np.float32) / 255)
    else:
        perm = torch.randperm(len(x_train))
        x_train = x_train[perm[6000:]]  # 54,000 for training, 6,000 held out, as edgevae does
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 16),
                          nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 784))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    times = []
    for _ in range(epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(x_train))
        for i in range(0, len(x_train), 128):
            x = x_train[order[i:i + 128]]
            opt.zero_grad()
            loss = ((model(corrupt(x, noise, gen)) - x) ** 2).mean()
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        noisy = corrupt(x_test, noise, torch.Generator().manual_seed(1000 + seed))
        denoised = model(noisy)
        d_set, d_image = psnr(((denoised - x_test) ** 2).mean(dim=1))
        n_set, n_image = psnr(((noisy - x_test) ** 2).mean(dim=1))
    print(json.dumps({"torch": torch.__version__, "threads": threads, "noise": noise, "epoch_seconds": times,
                      "psnr_db": d_set, "psnr_image_db": d_image, "psnr_noisy_db": n_set, "psnr_image_noisy_db": n_image}))

if __name__ == "__main__":
    main()
