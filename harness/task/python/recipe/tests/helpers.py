"""Recipes and tables for the tests."""
import copy

import numpy as np
import pandas as pd

BASE = {
    "preparer": "tabular-v1",
    "table": "data.csv",
    "inputs": ["x", "g"],
    "fileColumns": [],
    "target": {"source": "y", "name": "y", "derive": {"kind": "copy"}},
    "classes": None,
    "submission": "values",
    "positiveClass": None,
    "split": {"kind": "random"},
    "lags": None,
    "maxRows": 10000,
    "testFraction": 0.25,
    "publicFraction": 0.3,
    "seed": 7,
}


def recipe(**changes):
    out = copy.deepcopy(BASE)
    out.update(changes)
    return out


def panel(n_series=5, n_steps=40, seed=0):
    """One row per (series, year): y follows its own past, x is noise, g names the series."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n_series):
        level = 0.0
        for t in range(n_steps):
            level = 0.8 * level + rng.normal()
            rows.append({"g": f"s{s}", "year": str(1950 + t), "x": f"{rng.normal():.4f}", "y": f"{level:.6f}"})
    return pd.DataFrame(rows)
