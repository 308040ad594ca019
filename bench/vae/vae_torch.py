#!/usr/bin/python3
"""PyTorch peer for the Fashion-MNIST VAE benchmark: the same model, data protocol and optimiser as
`edgevae train --kind vae --reconstruction bernoulli --hidden 400 --latent 20`, timed per epoch.

Prints one JSON object: per-epoch seconds and test -ELBO per image (one sampled z, as PyTorch's VAE
example reports), for the thread setting given on the command line."""
import json, os, sys, time
import torch
from torch import nn
import torch.nn.functional as F
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import fashion

class VAE(nn.Module):
    # The layout of PyTorch's examples/vae: fc1, fc21 (mu), fc22 (logvar), fc3, fc4.
    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)
    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        return self.fc4(F.relu(self.fc3(z))), mu, logvar

def loss_fn(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld

def main():
    root, threads, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x_train, _, x_test, _ = fashion.load(root)
    x_train, x_test = torch.from_numpy(x_train), torch.from_numpy(x_test)
    perm = torch.randperm(len(x_train))
    x_train = x_train[perm[6000:]]  # 54,000 for training, 6,000 held out, as edgevae does
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    times = []
    for epoch in range(epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(x_train))
        for i in range(0, len(x_train), 128):
            x = x_train[order[i:i + 128]]
            opt.zero_grad()
            logits, mu, logvar = model(x)
            loss = loss_fn(logits, x, mu, logvar)
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        total = 0.0
        for i in range(0, len(x_test), 1000):
            x = x_test[i:i + 1000]
            logits, mu, logvar = model(x)
            total += loss_fn(logits, x, mu, logvar).item()
    print(json.dumps({"threads": threads, "epoch_seconds": times, "test_neg_elbo": total / len(x_test), "torch": torch.__version__}))

if __name__ == "__main__":
    main()
