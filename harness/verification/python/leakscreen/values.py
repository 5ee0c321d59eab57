"""Cells as the checks read them: text, numbers, normalised labels, column kinds, target columns."""
import os
import re

import numpy as np
import pandas as pd

CLASS_OBJECTIVES = {"binary", "multiclass", "ordinal", "multilabel"}
NUMERIC_OBJECTIVES = {"regression", "forecasting"}
MEDIA_EXTENSIONS = {
    "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "ppm", "pgm",
    "wav", "mp3", "flac", "ogg", "txt", "md", "json", "xml", "html", "htm", "pdf", "npy", "npz", "csv", "eml",
}


def read_csv(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def to_num(s):
    """Floats, NaN for empty or non-numeric text (and for inf). Surrounding whitespace is allowed (to_numeric strips it)."""
    v = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    v[~np.isfinite(v)] = np.nan
    return v


def norm(s):
    """Text normalised for comparison: NFKC, trimmed, lower case, inner whitespace collapsed."""
    return s.str.normalize("NFKC").str.strip().str.lower().str.replace(r"\s+", " ", regex=True)


def inside(public_dir, rel):
    """The absolute path of `rel` when it is a file inside public_dir, else None (no escaping it)."""
    if not rel or "\x00" in rel:
        return None
    full = os.path.realpath(os.path.join(public_dir, rel))
    root = os.path.realpath(public_dir)
    if not full.startswith(root + os.sep) or not os.path.isfile(full):
        return None
    return full


def column_kind(values, public_dir):
    """numeric, path (names files), text (free text), categorical, or empty."""
    nonempty = values[values.str.strip() != ""]
    if len(nonempty) == 0:
        return "empty"
    if np.isfinite(to_num(nonempty)).all():
        return "numeric"
    sample = nonempty.sample(500, random_state=0) if len(nonempty) > 500 else nonempty
    pathlike = sample.str.fullmatch(r"[^\s]{1,255}") & (
        sample.str.contains("/", regex=False) | sample.str.contains("\\", regex=False) | sample.str.contains(r"\.[A-Za-z0-9]{1,5}$", regex=True)
    )
    if pathlike.mean() >= 0.9:
        ext = sample.str.lower().str.extract(r"\.([a-z0-9]{1,5})$")[0]
        media = ext.isin(MEDIA_EXTENSIONS).mean()
        probe = sample.head(100)
        exists = np.mean([inside(public_dir, v) is not None for v in probe]) if public_dir else 0.0
        if media >= 0.9 or exists >= 0.5:
            return "path"
    if sample.str.len().mean() >= 50 or sample.str.split().str.len().median() >= 5:
        return "text"
    return "categorical"


def natural_key(s):
    """Sort keys for ids: numbers when every id is one, else a natural-order rank of the text."""
    v = to_num(s)
    if np.isfinite(v).all():
        return v
    def key(x):
        return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", x)]
    order = sorted(range(len(s)), key=lambda i: key(s.iloc[i]))
    ranks = np.empty(len(s))
    ranks[order] = np.arange(len(s))
    return ranks


class Target:
    """One target column on a frame's rows: normalised text, numbers, class codes."""

    def __init__(self, name, raw, objective, classes):
        self.name = name
        self.raw = raw.reset_index(drop=True)
        self.norm = norm(self.raw)
        self.present = (self.norm != "").to_numpy()
        nums = to_num(self.raw)
        self.kind = "other"
        if objective in CLASS_OBJECTIVES:
            self.kind = "class"
        elif objective in NUMERIC_OBJECTIVES and np.isfinite(nums[self.present]).all():
            self.kind = "numeric"
        self.num = nums
        # Class codes in the manifest's class order (unknown labels after them).
        order = {c: i for i, c in enumerate(classes or [])}
        extra = sorted(set(self.raw[self.present]) - set(order))
        for e in extra:
            order[e] = len(order)
        self.labels = list(order)
        self.codes = np.array([order.get(v, -1) for v in self.raw], dtype=np.int64)
        self.ordinal = objective == "ordinal"
