"""Helpers shared by the dataset conversion scripts: the canonical CSV and PNG encodings."""
import hashlib
import os
import warnings

import numpy as np
import pandas as pd
from PIL import Image

# rdata warns on every string of old .rda files ("Unknown encoding. Assumed ASCII."); the data is ASCII.
warnings.filterwarnings("ignore")


def _integral(series):
    values = series.dropna()
    return len(values) > 0 and bool(((values % 1) == 0).all()) and bool((values.abs() < 2**53).all())


def write_csv(df, path):
    """UTF-8, header, `\\n` line ends, missing values empty, floats in shortest round-trip form.

    Float columns holding only whole numbers (R and statsmodels store counts as doubles) are written as integers.
    """
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            out[column] = series.astype(object)
        elif series.dtype.kind == "f" and _integral(series):
            out[column] = series.astype("Int64")
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def hash_rank_sample(total, size, seed):
    """Indices of `size` rows out of `total`: those with the smallest sha256("<seed>:<index>"), in source order.

    Defined by a hash rather than a PRNG so any language reproduces it exactly.
    """
    ranked = sorted(range(total), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).digest())
    return sorted(ranked[:size])


def save_gray_png(pixels, path):
    """An 8-bit grayscale PNG; PIL writes no timestamps, so equal pixels give equal bytes."""
    Image.fromarray(np.asarray(pixels, dtype=np.uint8), mode="L").save(path, format="PNG")


def image_dir(out_dir):
    path = os.path.join(out_dir, "images")
    os.makedirs(path, exist_ok=True)
    return path
