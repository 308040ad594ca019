#!/usr/bin/python3
"""Exports an EdgeVae model file to ONNX for the inference benchmark's ONNX Runtime peer.

The graph does the same work as the generated Score: x (raw, [1, n]) -> normalise -> the model's ops (the VAE
decodes mu) -> mean squared error against the normalised input -> score [1], built by bench/common/evae.py from the
file's own weights, so both sides compute with identical parameters."""
import json, os, sys, warnings
import torch
# The exporter's notes about constant folding of slices are about its own graph passes, not about this model.
warnings.filterwarnings("ignore", category=UserWarning, module="torch.onnx")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from evae import Scorer

def main():
    scorer = Scorer(sys.argv[1]).eval()
    x = torch.zeros(1, scorer.offset.shape[0])  # the network's input: raw values, or a front-end's features
    torch.onnx.export(scorer, x, sys.argv[2], input_names=["x"], output_names=["score"], opset_version=13)
    print(json.dumps({"onnx": sys.argv[2], "check_score_of_zeros": float(scorer(x)[0])}))

if __name__ == "__main__":
    main()
