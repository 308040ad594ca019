#!/usr/bin/python3
"""PyTorch's side of bench/onnx.sh: trains three autoencoders on the motor data that `edgevae data export` wrote and
exports each with torch.onnx.export, as a PyTorch user would.

  dense: x -> (x - mean) / std -> Linear 256-64, ReLU, Linear 64-8 (latent) -> Linear 8-64, ReLU, Linear 64-256
  conv:  x [N, 4, 64] -> normalise per channel -> Conv1d 4-8 k5 s2 p2, ReLU, Conv1d 8-16 k5 s2 p2, ReLU, flatten,
         Linear 256-8 (latent) -> Linear 8-256, ReLU, view [16, 16], Upsample x2 nearest, Conv1d 16-8 k5 p2, ReLU,
         Upsample x2, Conv1d 8-4 k5 p2
  vae:   x -> normalise -> Linear 256-64, Tanh -> mu, logvar (Linear 64-8 each); decoder on mu in eval
         Linear 8-64, Tanh, Linear 64-256; outputs reconstruction, mu, logvar

usage: train_export.py DATA_DIR OUT_DIR [EPOCHS]
Writes OUT_DIR/{dense,conv,vae}.onnx and OUT_DIR/inputs.f32 (1,000 test windows, raw float32, interleaved as EdgeVae reads them)."""
import os, sys, warnings
import numpy as np
import torch
from torch import nn

warnings.filterwarnings("ignore", category=UserWarning)
torch.manual_seed(1)
data, out = sys.argv[1], sys.argv[2]
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
train = np.load(os.path.join(data, "train.npy")).astype(np.float32)          # [N, 256]: 64 steps x 4 channels, interleaved
test = np.load(os.path.join(data, "test.npy")).astype(np.float32)
C, L = 4, 64
mean = train.reshape(-1, L, C).mean(axis=(0, 1))
std = train.reshape(-1, L, C).std(axis=(0, 1))

class Normalise(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).reshape(shape))
        self.register_buffer("std", torch.tensor(std).reshape(shape))
    def forward(self, x):
        return (x - self.mean) / self.std

class Dense(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = Normalise([1, 1, C])
        self.encoder = nn.Sequential(nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 8))
        self.decoder = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 256))
    def forward(self, x):
        xn = self.norm(x.reshape(-1, L, C)).reshape(x.shape[0], -1)
        z = self.encoder(xn)
        return self.decoder(z), z, xn

class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = Normalise([1, C, 1])
        self.encoder = nn.Sequential(nn.Conv1d(4, 8, 5, stride=2, padding=2), nn.ReLU(), nn.Conv1d(8, 16, 5, stride=2, padding=2), nn.ReLU(),
                                     nn.Flatten(), nn.Linear(256, 8))
        self.expand = nn.Sequential(nn.Linear(8, 256), nn.ReLU())
        self.decoder = nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv1d(16, 8, 5, padding=2), nn.ReLU(),
                                     nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv1d(8, 4, 5, padding=2))
    def forward(self, x):
        xn = self.norm(x)
        z = self.encoder(xn)
        h = self.expand(z).view(z.size(0), 16, 16)
        return self.decoder(h), z, xn

class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = Normalise([1, 1, C])
        self.hidden = nn.Sequential(nn.Linear(256, 64), nn.Tanh())
        self.mu = nn.Linear(64, 8)
        self.logvar = nn.Linear(64, 8)
        self.decoder = nn.Sequential(nn.Linear(8, 64), nn.Tanh(), nn.Linear(64, 256))
    def forward(self, x):
        xn = self.norm(x.reshape(-1, L, C)).reshape(x.shape[0], -1)
        h = self.hidden(xn)
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu) if self.training else mu
        return self.decoder(z), mu, logvar, xn

def channels_first(x):  # interleaved [N, 256] -> [N, 4, 64]
    return torch.from_numpy(x).reshape(-1, L, C).permute(0, 2, 1).contiguous()

def fit(model, x, vae=False):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        perm = torch.randperm(x.shape[0])
        for i in range(0, x.shape[0], 64):
            batch = x[perm[i:i + 64]]
            out = model(batch)
            loss = ((out[0] - out[-1]) ** 2).mean()
            if vae:
                mu, logvar = out[1], out[2]
                loss = loss + 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(dim=1).mean() / 256
            opt.zero_grad(); loss.backward(); opt.step()
    return model.eval()

class Export(nn.Module):
    """What is exported: the reconstruction, the code (mu and logvar for the VAE) and the normalised input, so ONNX
    Runtime's score can be computed from PyTorch's own normalisation."""
    def __init__(self, model):
        super().__init__(); self.model = model
    def forward(self, x):
        return self.model(x)

x = torch.from_numpy(train)
for name, model, inputs, names in [
        ("dense", fit(Dense(), x), x[:2], ["reconstruction", "latent", "normalized"]),
        ("conv", fit(Conv(), channels_first(train)), channels_first(train[:2]), ["reconstruction", "latent", "normalized"]),
        ("vae", fit(Vae(), x, vae=True), x[:2], ["reconstruction", "mu", "logvar", "normalized"])]:
    torch.onnx.export(Export(model), inputs, os.path.join(out, name + ".onnx"), input_names=["x"], output_names=names,
                      dynamic_axes={"x": {0: "batch"}}, opset_version=13)
rng = np.random.default_rng(5)
test[rng.choice(test.shape[0], 1000, replace=False)].astype("<f4").tofile(os.path.join(out, "inputs.f32"))
print("exported dense.onnx, conv.onnx, vae.onnx and inputs.f32 to", out)
