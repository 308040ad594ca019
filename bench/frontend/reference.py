#!/usr/bin/python3
"""The front-end of an EdgeVae model file in numpy: the float reference beside the generated fixed-point code.

reference.py MODEL.evae EXPORT_DIR
  EXPORT_DIR holds raw/test.npy (edgevae data export) and f32/test.npy, fixed/test.npy (--features-of MODEL with
  --front-end float32 and fixed). Prints, as JSON: the float32 front-end's and the fixed-point front-end's error against
  numpy in float64 (norm-wise relative per frame; for a log, the largest |error| in dB above the floor), and the time
  numpy takes for the float work of one frame (window, rfft, |X|², filter bank, log) and of one window's features."""
import base64, json, sys, timeit
import numpy as np

def floats(text):
    return np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float64)

class FrontEnd:
    def __init__(self, path, dtype):
        ops = json.load(open(path))["graph"]["ops"]
        self.ops = {o["op"]: o for o in ops[: [o["op"] for o in ops].index("normalize")]}
        f = self.ops["frame"]
        self.channels, self.length, self.hop = f["channels"], f["length"], f["hop"]
        self.full_scale = floats(f["full_scale"]).astype(dtype)
        self.dtype = dtype
        n = self.length
        k = np.arange(n)
        w = self.ops.get("window")
        if w is None: self.window = None
        elif w["function"] == "hann": self.window = (0.5 - 0.5 * np.cos(2 * np.pi * k / n)).astype(dtype)
        else: self.window = (0.54 - 0.46 * np.cos(2 * np.pi * k / n)).astype(dtype)
        bank = self.ops.get("mel") or self.ops.get("bands")
        self.bank = None if bank is None else floats(bank["weight"]).reshape(bank["count"], bank["bins"]).astype(dtype)
        self.magnitude = self.ops.get("spectrum", {}).get("kind") == "magnitude"
        self.floor = self.ops["log"]["floor_db"] if "log" in self.ops else None

    def frame(self, x):
        """The features of one frame of full-scale samples (numpy's float work, as EdgeVae's float32 front-end does it)."""
        y = x * self.window if self.window is not None else x
        s = np.abs(np.fft.rfft(y)) ** 2
        if self.magnitude: s = np.sqrt(s)
        if self.bank is not None: s = self.bank @ s
        if self.floor is not None: s = np.maximum(10 * np.log10(np.maximum(s, 1e-300)), self.floor)
        return s

    def window_features(self, raw):
        """Features of one raw window [steps × channels] interleaved, laid out as EdgeVae's (feature j of channel c at j·C + c)."""
        c = self.channels
        x = raw.reshape(-1, c).astype(self.dtype) / self.full_scale
        x = np.clip(x, -32767 / 32768, 32767 / 32768)
        frames = (x.shape[0] - self.length) // self.hop + 1
        per = np.stack([np.stack([self.frame(x[f * self.hop: f * self.hop + self.length, ch]) for f in range(frames)]) for ch in range(c)])
        return per.reshape(c, -1).T.reshape(-1), per.shape[-1]

def errors(reference, values, width, floor):
    worst_rel, worst_db = 0.0, 0.0
    for r, v in zip(reference, values):
        for f in range(0, len(r), width):
            a, b = r[f: f + width], v[f: f + width]
            if np.any(a): worst_rel = max(worst_rel, float(np.linalg.norm(b - a) / np.linalg.norm(a)))
            if floor is not None:
                above = a > floor
                if np.any(above): worst_db = max(worst_db, float(np.max(np.abs(b - a)[above])))
    return worst_rel, worst_db

def main():
    model, folder = sys.argv[1], sys.argv[2]
    raw = np.load(f"{folder}/raw/test.npy")
    n = min(len(raw), 200)
    ref = FrontEnd(model, np.float64)
    reference = [ref.window_features(raw[i])[0] for i in range(n)]
    width = ref.window_features(raw[0])[1] * ref.channels
    result = {"windows": n}
    for name in ("f32", "fixed"):
        values = np.load(f"{folder}/{name}/test.npy")[:n].astype(np.float64)
        rel, db = errors(reference, values, width, ref.floor)
        result[name] = {"worst_frame_relative_error": rel, "max_abs_error_above_floor_db": db if ref.floor is not None else None}
    f32 = FrontEnd(model, np.float32)
    frame = (raw[0].reshape(-1, f32.channels)[: f32.length, 0] / f32.full_scale[0]).astype(np.float32)
    loops = 2000
    result["numpy_ns_per_frame"] = min(timeit.repeat(lambda: f32.frame(frame), number=loops, repeat=5)) / loops * 1e9
    window = raw[0].astype(np.float32)
    loops = 200
    result["numpy_ns_per_window_features"] = min(timeit.repeat(lambda: f32.window_features(window), number=loops, repeat=5)) / loops * 1e9
    print(json.dumps(result))

if __name__ == "__main__":
    main()
