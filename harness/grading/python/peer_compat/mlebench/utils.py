"""mlebench.utils: the CSV reading MLE-bench grades with, and its logger."""
import json
import logging
from pathlib import Path

import pandas as pd


def get_logger(name):
    return logging.getLogger(name)


def read_csv(*args, **kwargs):
    """MLE-bench reads floats with round-trip precision; an empty file is an empty frame."""
    try:
        return pd.read_csv(*args, **{"float_precision": "round_trip", **kwargs})
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


def read_jsonl(path, skip_commented_out_lines=False):
    lines = Path(path).read_text().splitlines()
    return [json.loads(l) for l in lines if l.strip() and not (skip_commented_out_lines and l.lstrip().startswith("//"))]


def load_answers(path):
    path = Path(path)
    if path.suffix == ".csv":
        return read_csv(path)
    if path.suffix == ".jsonl":
        return read_jsonl(path)
    raise ValueError(f"{path}: answers must be .csv or .jsonl")
