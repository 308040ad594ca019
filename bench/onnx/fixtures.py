#!/usr/bin/python3
"""Writes the ONNX test fixtures of tests/Fixtures/onnx with PyTorch 1.13's exporter: one small untrained model per op
pattern EdgeVae maps, and beside each a JSON file with three inputs and PyTorch's reconstructions of them (both
interleaved as EdgeVae reads windows: step-major, channels inside), which the tests compare with the imported model.
  /usr/bin/python3 bench/onnx/fixtures.py tests/Fixtures/onnx"""
import json, os, sys, warnings
import torch
from torch import nn

warnings.filterwarnings("ignore", category=UserWarning)
torch.manual_seed(3)
out = sys.argv[1]

class DenseGemmNorm(nn.Module):
    """Sub/Div normalization per feature, Gemm, ReLU, LeakyReLU(0.01)."""
    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.randn(12))
        self.register_buffer("std", torch.rand(12) + 0.5)
        self.encoder = nn.Sequential(nn.Linear(12, 6), nn.ReLU(), nn.Linear(6, 3))
        self.decoder = nn.Sequential(nn.Linear(3, 6), nn.LeakyReLU(0.01), nn.Linear(6, 12))
    def forward(self, x):
        z = self.encoder((x - self.mean) / self.std)
        return self.decoder(z), z

class ConvShapeResize(nn.Module):
    """Per-channel Sub/Mul normalization, Conv1d, Tanh, view() (Shape, Gather, Unsqueeze, Concat, Reshape), Resize, Softplus, Sigmoid."""
    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.randn(1, 2, 1))
        self.register_buffer("inv", torch.rand(1, 2, 1) + 0.5)
        self.conv = nn.Conv1d(2, 4, 3, stride=2, padding=1)
        self.code = nn.Linear(16, 3)
        self.expand = nn.Linear(3, 16)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.out = nn.Conv1d(4, 2, 3, padding=1)
    def forward(self, x):
        h = torch.tanh(self.conv((x - self.mean) * self.inv))
        z = self.code(h.view(h.size(0), -1))
        g = nn.functional.softplus(self.expand(z)).view(z.size(0), 4, 4)
        return torch.sigmoid(self.out(self.up(g))), z

class VaeHeads(nn.Module):
    """Two heads mu and logvar from one hidden layer; the decoder reads mu (eval export)."""
    def __init__(self):
        super().__init__()
        self.hidden = nn.Sequential(nn.Linear(12, 6), nn.Tanh())
        self.mu = nn.Linear(6, 2)
        self.logvar = nn.Linear(6, 2)
        self.decoder = nn.Sequential(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 12))
    def forward(self, x):
        h = self.hidden(x)
        mu = self.mu(h)
        return self.decoder(mu), mu, self.logvar(h)

def interleave(y):  # [N, C, L] -> [N, L * C]
    return y.permute(0, 2, 1).reshape(y.shape[0], -1) if y.dim() == 3 else y

for name, model, shape, outputs, opset in [
        ("dense_gemm_norm", DenseGemmNorm(), [3, 12], ["reconstruction", "latent"], 13),
        ("conv_shape_resize", ConvShapeResize(), [3, 2, 8], ["reconstruction", "latent"], 13),
        ("conv_upsample_opset9", ConvShapeResize(), [3, 2, 8], ["reconstruction", "latent"], 9),
        ("conv_shape_resize_opset17", ConvShapeResize(), [3, 2, 8], ["reconstruction", "latent"], 17),
        ("vae_heads", VaeHeads(), [3, 12], ["reconstruction", "mu", "logvar"], 13)]:
    model.eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        y = model(x)[0]
    torch.onnx.export(model, x, os.path.join(out, name + ".onnx"), input_names=["x"], output_names=outputs,
                      dynamic_axes={"x": {0: "batch"}}, opset_version=opset)
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({"inputs": interleave(x).tolist(), "reconstructions": interleave(y).tolist(), "opset": opset}, f)
print("wrote fixtures to", out)
