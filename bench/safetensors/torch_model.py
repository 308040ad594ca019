#!/usr/bin/python3
"""Writes a PyTorch autoencoder as a safetensors file (by the format's definition: this machine has no
safetensors package), some inputs, and PyTorch's own scores of them, for bench/safetensors.sh.

The model: nn.Sequential encoder 20-12-4 and decoder 4-12-20 with ReLU, weights in float64 (so the import's
conversion is exercised); score = mean squared reconstruction error, as EdgeVae defines it."""
import json, struct, sys
import numpy as np
import torch
from torch import nn

out = sys.argv[1]
torch.manual_seed(0)
encoder = nn.Sequential(nn.Linear(20, 12), nn.ReLU(), nn.Linear(12, 4))
decoder = nn.Sequential(nn.Linear(4, 12), nn.ReLU(), nn.Linear(12, 20))
state = {"encoder." + k: v for k, v in encoder.state_dict().items()}
state.update({"decoder." + k: v for k, v in decoder.state_dict().items()})
header, data, offset = {}, b"", 0
for name, tensor in state.items():
    array = tensor.detach().numpy().astype("<f8")
    header[name] = {"dtype": "F64", "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
    offset += array.nbytes
    data += array.tobytes()
text = json.dumps(header).encode()
with open(out + "/model.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + data)
rng = np.random.default_rng(1)
x = rng.standard_normal((1000, 20)).astype(np.float32)
np.save(out + "/x.npy", x)
with torch.no_grad():
    xt = torch.from_numpy(x)
    scores = ((decoder(encoder(xt)) - xt) ** 2).mean(dim=1).numpy()
np.save(out + "/torch_scores.npy", scores.astype(np.float64))
