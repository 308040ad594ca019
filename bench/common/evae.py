#!/usr/bin/python3
"""Reads an EdgeVae model file (format version 2: the op graph) into PyTorch modules, for the benchmarks' peers.

Every op maps onto its PyTorch counterpart with the file's weights (base64 little-endian float32): normalize is
(x - offset) * scale, dense nn.Linear, conv1d nn.Conv1d (asymmetric padding by F.pad), activation the nn module of
that name, reshape a view, transpose x.transpose(1, 2), upsample nn.Upsample(mode="nearest"), gaussian_head the
first half (mu). Version-1 files: run `edgevae upgrade FILE` first."""
import base64, json
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

ACT = {"identity": nn.Identity, "relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.01), "sigmoid": nn.Sigmoid,
       "tanh": nn.Tanh, "softplus": nn.Softplus}

def floats(text, shape):
    return torch.from_numpy(np.frombuffer(base64.b64decode(text), dtype="<f4").copy().reshape(shape))

class Reshape(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)
    def forward(self, x):
        return x.reshape((x.shape[0],) + self.shape)

class Transpose(nn.Module):
    def forward(self, x):
        return x.transpose(1, 2)

class PaddedConv1d(nn.Module):
    def __init__(self, op):
        super().__init__()
        self.pad = tuple(op["padding"])
        self.conv = nn.Conv1d(op["in_channels"], op["out_channels"], op["kernel_size"], stride=op["stride"], dilation=op["dilation"])
        self.conv.weight.data = floats(op["weight"], (op["out_channels"], op["in_channels"], op["kernel_size"]))
        self.conv.bias.data = floats(op["bias"], (op["out_channels"],))
    def forward(self, x):
        return self.conv(F.pad(x, self.pad))

class Mu(nn.Module):
    def forward(self, x):
        return x[:, : x.shape[1] // 2]

def module(op):
    kind = op["op"]
    if kind == "dense":
        lin = nn.Linear(op["in"], op["out"])
        lin.weight.data = floats(op["weight"], (op["out"], op["in"]))
        lin.bias.data = floats(op["bias"], (op["out"],))
        return lin
    if kind == "conv1d": return PaddedConv1d(op)
    if kind == "activation": return ACT[op["function"]]()
    if kind == "reshape": return Reshape(op["shape"])
    if kind == "transpose": return Transpose()
    if kind == "upsample": return nn.Upsample(scale_factor=op["scale_factor"], mode="nearest")
    if kind == "gaussian_head": return Mu()
    raise ValueError("unsupported op " + kind)

def load(path):
    """(model json, offset, scale, encoder nn.Sequential, decoder nn.Sequential) of an .evae file."""
    m = json.load(open(path))
    if m.get("version") != 2: raise SystemExit(f"{path}: format version {m.get('version')}; run `edgevae upgrade {path}` first")
    ops = m["graph"]["ops"]
    norm = next(o for o in ops if o["op"] == "normalize")
    # The network's input: the raw window, or the features of a front-end (the ops before normalize), which the peers
    # are given already computed.
    n = len(base64.b64decode(norm["offset"])) // 4
    latent = [o["name"] for o in ops].index(m["graph"]["latent"])
    start = ops.index(norm) + 1
    encoder = nn.Sequential(*[module(o) for o in ops[start:latent + 1]])
    decoder = nn.Sequential(*[module(o) for o in ops[latent + 1:]])
    return m, floats(norm["offset"], (n,)), floats(norm["scale"], (n,)), encoder, decoder

class Scorer(nn.Module):
    """x (raw, [batch, n]) -> normalise -> encoder -> decoder -> mean squared error against the normalised input."""
    def __init__(self, path):
        super().__init__()
        self.model, offset, scale, self.encoder, self.decoder = load(path)
        self.register_buffer("offset", offset)
        self.register_buffer("scale", scale)
    def forward(self, x):
        xn = (x - self.offset) * self.scale
        y = self.decoder(self.encoder(xn)).reshape(x.shape[0], -1)
        return torch.mean((y - xn) ** 2, dim=1)
