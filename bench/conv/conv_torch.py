#!/usr/bin/python3
"""PyTorch peer of an EdgeVae convolutional autoencoder: the same graph (bench/common/evae.py builds nn.Conv1d,
nn.Upsample, nn.Linear from the model file's ops, then every parameter is re-initialised by PyTorch), the same
normalisation, the same recipe (denoising with Gaussian noise of the given std in normalised units, MSE against the
clean window, Adam, batch, epochs), trained on the windows `edgevae data export` wrote. Prints one JSON object:
AUROC of the reconstruction error on the exported test set, recall per fault at the 99.5th percentile of the
validation scores, seconds per epoch.

usage: conv_torch.py MODEL.evae DATA_DIR THREADS EPOCHS NOISE_STD [LR BATCH SEED]"""
import json, os, sys, time
import numpy as np
import torch
from sklearn.metrics import roc_auc_score
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from evae import Scorer

def main():
    model_path, data, threads, epochs, noise = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    lr = float(sys.argv[6]) if len(sys.argv) > 6 else 1e-3
    batch = int(sys.argv[7]) if len(sys.argv) > 7 else 128
    seed = int(sys.argv[8]) if len(sys.argv) > 8 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    net = Scorer(model_path)
    for m in net.modules():
        if m is not net and hasattr(m, "reset_parameters"): m.reset_parameters()
    load = lambda name: torch.from_numpy(np.load(os.path.join(data, name)))
    train, valid, test = load("train.npy"), load("validation.npy"), load("test.npy")
    anomaly = np.load(os.path.join(data, "test-anomaly.npy"))
    labels = np.load(os.path.join(data, "test-labels.npy"))
    names = json.load(open(os.path.join(data, "data.json")))["class_names"]
    normalise = lambda x: (x - net.offset) * net.scale
    reconstruct = lambda xn: net.decoder(net.encoder(xn)).reshape(xn.shape[0], -1)
    optimiser = torch.optim.Adam(net.parameters(), lr=lr)
    epoch_seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        net.train()
        order = torch.randperm(train.shape[0])
        for i in range(0, train.shape[0], batch):
            xn = normalise(train[order[i:i + batch]])
            noisy = xn + noise * torch.randn_like(xn) if noise > 0 else xn
            loss = torch.mean((reconstruct(noisy) - xn) ** 2)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        epoch_seconds.append(time.perf_counter() - start)
    net.eval()
    with torch.no_grad():
        score = lambda x: torch.mean((reconstruct(normalise(x)) - normalise(x)) ** 2, dim=1).numpy()
        test_scores, valid_scores = score(test), score(valid)
    threshold = float(np.percentile(valid_scores, 99.5))
    flagged = test_scores > threshold
    recall = {names[k]: float(np.mean(flagged[labels == k])) for k in sorted(set(labels.tolist())) if k != 0}
    print(json.dumps({"torch": torch.__version__, "threads": threads, "epochs": epochs,
                      "auroc": float(roc_auc_score(anomaly, test_scores)), "threshold": threshold,
                      "false_positive_rate": float(np.mean(flagged[anomaly == 0])), "recall_by_label": recall,
                      "epoch_seconds": epoch_seconds}))

if __name__ == "__main__":
    main()
