"""Exploration tools an LLM role can call on a dataset table, each with bounded output.

Usage: explore.py <table.csv> <tool> <json-args>
tools: head {n}, describe {columns?}, value_counts {column, top?}, correlations {column, top?}
"""
import json
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 40)
pd.set_option("display.max_colwidth", 60)
MISSING = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "<NA>"]


def load(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=MISSING)


def typed(frame):
    """Columns that parse as numbers become numeric; the rest stay text."""
    out = frame.copy()
    for c in out.columns:
        as_number = pd.to_numeric(out[c], errors="coerce")
        if as_number.notna().sum() >= 0.95 * out[c].notna().sum() and out[c].notna().any():
            out[c] = as_number
    return out


def require(frame, column):
    if column not in frame.columns:
        raise SystemExit(f"no column {column!r}; columns are {list(frame.columns)}")


def head(frame, n=5):
    return frame.head(max(1, min(int(n), 20))).to_string()


def describe(frame, columns=None):
    if columns:
        for c in columns:
            require(frame, c)
        frame = frame[columns]
    return typed(frame).describe(include="all").transpose().to_string()


def value_counts(frame, column, top=20):
    require(frame, column)
    counts = frame[column].value_counts(dropna=False)
    shown = counts.head(max(1, min(int(top), 50)))
    rest = len(counts) - len(shown)
    return shown.to_string() + (f"\n... {rest} more values" if rest > 0 else "") + f"\n{len(counts)} distinct values"


def correlations(frame, column, top=15):
    """Association of every other column with `column`: |Pearson| for numbers, correlation ratio for categories."""
    require(frame, column)
    data = typed(frame)
    target = data[column]
    rows = []
    for other in data.columns:
        if other == column:
            continue
        x = data[other]
        ok = x.notna() & target.notna()
        if ok.sum() < 10:
            continue
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(target):
            value, kind = abs(np.corrcoef(x[ok], target[ok])[0, 1]), "|pearson|"
        elif pd.api.types.is_numeric_dtype(target):
            groups = target[ok].groupby(x[ok])
            value, kind = float(np.sqrt(groups.size().mul((groups.mean() - target[ok].mean()) ** 2).sum() / max(((target[ok] - target[ok].mean()) ** 2).sum(), 1e-300))), "eta"
        else:
            table = pd.crosstab(x[ok].astype(str), target[ok].astype(str))
            value, kind = float((table.max(axis=1).sum()) / table.values.sum()), "purity"
        rows.append((other, kind, round(float(value), 4)))
    rows.sort(key=lambda r: -r[2] if not np.isnan(r[2]) else 0)
    return "\n".join(f"{name}: {kind} {value}" for name, kind, value in rows[: max(1, min(int(top), 50))]) or "no comparable columns"


TOOLS = {"head": head, "describe": describe, "value_counts": value_counts, "correlations": correlations}


def main():
    path, tool, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    if tool not in TOOLS:
        raise SystemExit(f"unknown tool {tool!r}; tools are {sorted(TOOLS)}")
    print(TOOLS[tool](load(path), **args))


if __name__ == "__main__":
    main()
