#!/usr/bin/python3
"""Exports an EdgeVae model file to ONNX for the inference benchmark's ONNX Runtime peer.

The graph does the same work as the generated Score: x (raw, [1, n]) -> normalise -> encoder -> decoder
(the VAE decodes mu) -> mean squared error against the normalised input -> score [1]. Weights come straight
from the .evae file (base64 little-endian float32), so both sides compute with identical parameters."""
import base64, json, sys
import numpy as np
import torch
from torch import nn

def floats(text, shape):
    return torch.from_numpy(np.frombuffer(base64.b64decode(text), dtype="<f4").copy().reshape(shape))

ACT = {"identity": nn.Identity, "relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.01), "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "softplus": nn.Softplus}

class Scorer(nn.Module):
    def __init__(self, m):
        super().__init__()
        n = m["input"]["size"]
        self.register_buffer("offset", floats(m["normalization"]["offset"], (n,)))
        self.register_buffer("scale", floats(m["normalization"]["scale"], (n,)))
        self.latent = m["latent"]
        self.vae = m["kind"] == "vae"
        enc, dec = [], []
        for layer in m["layers"]:
            lin = nn.Linear(layer["in"], layer["out"])
            lin.weight.data = floats(layer["weight"], (layer["out"], layer["in"]))
            lin.bias.data = floats(layer["bias"], (layer["out"],))
            (enc if layer["role"] == "encoder" else dec).extend([lin, ACT[layer["activation"]]()])
        self.encoder, self.decoder = nn.Sequential(*enc), nn.Sequential(*dec)

    def forward(self, x):
        xn = (x - self.offset) * self.scale
        code = self.encoder(xn)
        if self.vae:
            code = code[:, : self.latent]
        y = self.decoder(code)
        return torch.mean((y - xn) ** 2, dim=1)

def main():
    model = json.load(open(sys.argv[1]))
    scorer = Scorer(model).eval()
    x = torch.zeros(1, model["input"]["size"])
    torch.onnx.export(scorer, x, sys.argv[2], input_names=["x"], output_names=["score"], opset_version=13)
    print(json.dumps({"onnx": sys.argv[2], "check_score_of_zeros": float(scorer(x)[0])}))

if __name__ == "__main__":
    main()
