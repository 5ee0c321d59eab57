"""Reading the public tables: ids and labels kept as written, the target checked, rows capped."""
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .objectives import SQUARED, in_domain, loss_of

NA_SPELLINGS = ["", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "none", "?", "-"]
# Train files above this size are row-sampled while read, so memory stays bounded.
MAX_TRAIN_BYTES = 300 << 20


def output_kind(value_columns):
    """labels, values, binary_score, class_probabilities, or unsupported (e.g. rankings)."""
    types = {c["type"] for c in value_columns}
    if len(types) != 1:
        return "unsupported"
    kind = types.pop()
    if kind == "probability":
        return "binary_score" if len(value_columns) == 1 else "class_probabilities"
    if len(value_columns) != 1:
        return "unsupported"
    return {"label": "labels", "number": "values"}.get(kind, "unsupported")


def read_table(config, name, regression, max_bytes=None):
    """Ids and class labels stay strings exactly as written ("0", "NA"); features get NA parsing.
    With max_bytes, a larger file is row-sampled while it is read, so memory stays bounded."""
    path = os.path.join(os.path.realpath(config.data_dir), name)
    header = pd.read_csv(path, nrows=0).columns
    keep_raw = {config.id_column} if regression else {config.id_column, config.target}
    na = {c: NA_SPELLINGS for c in header if c not in keep_raw}
    share = 1.0 if max_bytes is None else min(1.0, max_bytes / os.path.getsize(path))
    skip = None
    if share < 1.0:
        print(f"{name}: {os.path.getsize(path) >> 20} MiB, reading a {share:.0%} sample of its rows")
        seed = config.seed
        skip = lambda i: i > 0 and ((i * 2654435761 + seed * 97) % 2**32) / 2**32 >= share  # a fixed hash: deterministic
    return pd.read_csv(path, dtype={c: str for c in keep_raw if c in header}, keep_default_na=False, na_values=na,
                       skiprows=skip, low_memory=False)


def sample_submission(config):
    return pd.read_csv(os.path.join(config.data_dir, "sample_submission.csv"), dtype=str, keep_default_na=False)


@dataclass
class Training:
    train: pd.DataFrame
    y: pd.Series  # floats for regression, class names otherwise
    regression: bool
    loss: object  # objectives.Loss: what a regression is fitted for


def training_rows(config, train, regression):
    """The rows with a usable target. Labels must match a known class; "1.0" written for class "1" is mapped back."""
    if regression:
        y = pd.to_numeric(train[config.target], errors="coerce").replace([np.inf, -np.inf], np.nan)
    else:
        known = {c: c for c in config.classes}
        for c in config.classes:
            try:
                known.setdefault(str(float(c)), c)
            except ValueError:
                pass
        y = train[config.target].astype(str).str.strip().map(known)
    unusable = int(y.isna().sum())
    if unusable:
        print(f"dropped {unusable} training rows without a usable target")
    truth = (config.metric_domain or {}).get("truth", "real")
    if regression and truth != "real":
        # The metric scores no truth outside its domain, and a deviance's model cannot fit one.
        outside = y.notna() & ~in_domain(y.fillna(0).to_numpy(), truth)
        if outside.any():
            print(f"dropped {int(outside.sum())} training rows whose target is not {truth}, as {config.metric} requires")
            y = y.mask(outside)
    train = train[y.notna().to_numpy()].reset_index(drop=True)
    y = y[y.notna()].reset_index(drop=True)
    if len(train) == 0:
        raise SystemExit("no training row has a usable target")
    return Training(train, y, regression, loss_of(config, y.to_numpy(dtype=float)) if regression else SQUARED)


def text_characters(train, config):
    """Characters in long-text columns (capped at 10k a cell): what TF-IDF pays for."""
    lengths = [train[c].astype(str).str.len().clip(upper=10_000) for c in train.columns
               if train[c].dtype == object and c not in (config.id_column, config.target)]
    return sum(n.sum() for n in lengths if n.mean() > 50)


def row_cap(data, config, base_rows):
    """Training rows a model can afford in the step's time: base_rows at 300 s, fewer for long texts."""
    if base_rows is None:
        return len(data.train)
    share = min(1.0, config.time_limit / 300)
    cap = int(max(2_000, base_rows * share))
    # TF-IDF with bigrams handles ~25M characters in 10 s (the spam e-mails): long texts cap rows.
    chars = text_characters(data.train, config)
    if chars > 40e6 * share:
        cap = min(cap, int(len(data.train) * 40e6 * share / chars))
    return cap


def subsample(data, config, cap):
    """A deterministic row sample that keeps a few rows of every class."""
    rng = np.random.RandomState(config.seed)
    keep = np.sort(rng.choice(len(data.train), size=cap, replace=False))
    if not data.regression:
        seen = set(data.y.iloc[keep])
        extra = [i for c in set(data.y) - seen for i in np.flatnonzero((data.y == c).to_numpy())[:5]]
        keep = np.sort(np.concatenate([keep, np.array(extra, dtype=int)]))
    return keep


def capped(data, config, base_rows):
    cap = row_cap(data, config, base_rows)
    if len(data.train) <= cap:
        return data
    rows = subsample(data, config, cap)
    print(f"subsampled training rows {len(data.train)} -> {len(rows)} for the {config.time_limit:.0f} s budget")
    return Training(data.train.iloc[rows].reset_index(drop=True), data.y.iloc[rows].reset_index(drop=True),
                    data.regression, data.loss)
