"""Test predictions kept in the workspace under a step's tag, for a later ensemble step to average."""
import os

import numpy as np

DIRECTORY = "arena_predictions"


def save(tag, pred):
    os.makedirs(DIRECTORY, exist_ok=True)
    np.save(os.path.join(DIRECTORY, f"{tag}.npy"), np.asarray(pred, dtype=np.float64))


def average(tags, shape):
    """The mean of the members' predictions; every member must exist with the expected shape."""
    missing = [t for t in tags if not os.path.isfile(os.path.join(DIRECTORY, f"{t}.npy"))]
    if missing:
        raise FileNotFoundError(f"no predictions kept for {', '.join(missing)} (kept: {', '.join(sorted(kept())) or 'none'})")
    members = [np.load(os.path.join(DIRECTORY, f"{t}.npy")) for t in tags]
    wrong = [t for t, p in zip(tags, members) if p.shape != shape]
    if wrong:
        raise ValueError(f"predictions of {', '.join(wrong)} do not have the shape {shape}")
    return np.mean(members, axis=0)


def kept():
    return [f[: -len(".npy")] for f in os.listdir(DIRECTORY) if f.endswith(".npy")] if os.path.isdir(DIRECTORY) else []
