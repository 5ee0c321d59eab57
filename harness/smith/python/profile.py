"""Profile one canonical dataset table for the Smith pipeline and screen candidate targets.

Usage: profile.py <dataset_dir> <table.csv> <types.json>
Prints JSON: per-column statistics and roles, and for every candidate target the features that are
unsafe to publish with it (copies, 1:1 recodings, deterministic functions, near-perfect single
predictors, exact linear combinations). Screening works on a seeded sample so cost stays bounded.
"""
import json
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import cross_val_score, KFold
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

warnings.filterwarnings("ignore")
SEED = 0
SCREEN_ROWS = 4000
MISSING = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "<NA>"]
MAX_CLASSES = 30
ID_NAME = re.compile(r"(^|[^a-z])(id|key|code|no|num|number|index|idx)([^a-z]|$)", re.I)
MAX_TOP_DISTINCT = 200
TOP_VALUES = 50
MIN_CLASS_ROWS = 10
# Fewer runs than this cannot hold out unseen units (the Brainstormer's MIN_GROUPS).
MIN_BLOCKS = 8


def numeric(series):
    return pd.to_numeric(series, errors="coerce")


def column_stats(name, kind, raw, rows):
    present = raw.dropna()
    distinct = int(present.nunique())
    stats = {"name": name, "type": kind, "missing": float(1 - len(present) / max(1, rows)), "distinct": distinct}
    if kind in ("integer", "number"):
        values = numeric(present)
        stats.update(min=float(values.min()), max=float(values.max()), mean=float(values.mean()), std=float(values.std(ddof=0)),
                     skew=float(values.skew()) if len(values) > 2 else 0.0,
                     q05=float(values.quantile(0.05)), q50=float(values.quantile(0.5)), q95=float(values.quantile(0.95)))
    step = median_step(present, kind)
    if step is not None:
        stats["medianStep"] = step
    if kind in ("text",):
        stats["meanLength"] = float(present.str.len().mean())
    if distinct <= MAX_TOP_DISTINCT and kind not in ("text", "path"):
        counts = present.value_counts()
        stats["top"] = [{"value": str(k), "count": int(v)} for k, v in counts.head(TOP_VALUES).items()]
    # Mostly-unique strings are names or codes; integers only when they count rows (0, 1, 2, ...) or
    # are unique and named like a key: unique counts and measurements (deaths, years) stay usable.
    mostly_unique = kind == "string" and rows >= 50 and distinct >= 0.7 * max(1, len(present))
    unique_int = kind == "integer" and distinct == len(present) and len(present) > 1
    mostly_unique_int = kind == "integer" and rows >= 50 and distinct >= 0.7 * max(1, len(present))
    keyed = (unique_int and is_sequence(numeric(present))) or (mostly_unique_int and ID_NAME.search(name) is not None)
    stats["idLike"] = bool(mostly_unique or keyed)
    stats["constant"] = distinct <= 1
    return stats


def median_step(present, kind):
    """Median gap between consecutive distinct values (days for dates), which tells a time axis's frequency."""
    if kind == "datetime":
        # utc=True: times with several UTC offsets (MplsStops' -05:00 and -06:00) parse to one dtype, not to objects.
        values = pd.to_datetime(present, errors="coerce", utc=True).dropna().astype("int64") / 86_400e9
    elif kind in ("integer", "number"):
        values = numeric(present).dropna()
    else:
        return None
    distinct = np.unique(values.to_numpy())
    gaps = np.diff(distinct)
    return float(np.median(gaps)) if len(gaps) else None


def is_sequence(values):
    v = np.sort(values.dropna().to_numpy())
    return len(v) > 1 and np.all(np.diff(v) == 1)


def majority_share(label, column):
    """Share of rows whose label maps to the column's most common value under it (1.0 = a function)."""
    counts = pd.DataFrame({"f": label, "t": column}).groupby(["f", "t"]).size()
    return float(counts.groupby(level=0).max().sum() / len(label))


def determined(frame, types):
    """For each repeated label column (president: a few speeches each), the class-like columns
    whose value it fixes on at least 99.5% of rows (party): rows of one label share that answer."""
    rows = len(frame)
    classes = [n for n in frame.columns if 2 <= frame[n].nunique() <= MAX_CLASSES]
    out = {}
    for name, kind in types.items():
        distinct = frame[name].nunique()
        if kind != "string" or not MIN_BLOCKS <= distinct <= rows / 2:
            continue
        label = frame[name].fillna("<missing>")
        fixed = [c for c in classes if c != name and frame[c].nunique() < distinct and majority_share(label, frame[c].fillna("<missing>")) >= 0.995]
        if fixed:
            out[name] = fixed
    return out


def row_blocks(frame):
    """Run lengths k (at least MIN_BLOCKS runs) such that some columns never change inside a run of
    k consecutive rows, while together they change at no fewer than half of the run boundaries:
    a panel stored unit after unit without a key (595 people x 7 years: sex and education stay put
    within each person's 7 rows). Columns sorted in long stretches change at too few boundaries."""
    rows = len(frame)
    changes = {}
    for name in frame.columns:
        values = frame[name].fillna("<missing>").to_numpy()
        at = np.flatnonzero(values[1:] != values[:-1]) + 1
        if len(at):
            changes[name] = at
    found = []
    for size in range(2, rows // MIN_BLOCKS + 1):
        if rows % size:
            continue
        constant = [n for n, at in changes.items() if np.all(at % size == 0)]
        if not constant:
            continue
        boundaries = np.unique(np.concatenate([changes[n] for n in constant]))
        if len(boundaries) >= 0.5 * (rows // size - 1):
            found.append({"size": size, "columns": constant})
    return found


def encode(series, kind):
    """A numeric matrix column for screening: numbers as they are, anything else as category codes."""
    if kind in ("integer", "number"):
        return numeric(series).fillna(-1e12).to_numpy().reshape(-1, 1)
    if kind == "datetime":
        return pd.to_datetime(series, errors="coerce").astype("int64").fillna(0).to_numpy().reshape(-1, 1)
    return series.fillna("<missing>").astype("category").cat.codes.to_numpy().reshape(-1, 1)


def determines(feature, target):
    """Share of rows whose feature value maps to its most common target value (1.0 = a function)."""
    frame = pd.DataFrame({"f": feature.fillna("<m>").astype(str), "t": target.astype(str)})
    majority = frame.groupby("f")["t"].agg(lambda s: s.value_counts().iloc[0]).sum()
    return float(majority / len(frame))


def screen(frame, types, target, objective):
    """Features unsafe to publish with this target, each with the reason."""
    present = frame[frame[target].notna()]
    sample = present.sample(n=min(SCREEN_ROWS, len(present)), random_state=SEED) if len(present) > SCREEN_ROWS else present
    y_raw = sample[target]
    unsafe = {}
    # A derived target is screened through its source column, which may hold labels, not numbers.
    classification = objective in ("binary", "multiclass", "ordinal") or numeric(y_raw).notna().sum() < 10
    y = y_raw.astype(str).to_numpy() if classification else numeric(y_raw).to_numpy()
    majority = float(pd.Series(y).value_counts(normalize=True).iloc[0]) if classification else None
    folds = KFold(n_splits=3, shuffle=True, random_state=SEED)
    for name, kind in types.items():
        if name == target or kind in ("text", "path"):
            continue
        col = sample[name]
        if col.astype(str).equals(y_raw.astype(str)):
            unsafe[name] = "an exact copy of the target"
            continue
        n_distinct = col.nunique()
        if classification and n_distinct < 0.5 * len(col):
            share = determines(col, y_raw)
            if share >= 0.995:
                unsafe[name] = f"determines the target ({share:.1%} of rows follow one mapping)"
                continue
        if not classification and kind in ("integer", "number"):
            x = numeric(col)
            ok = x.notna() & pd.Series(y, index=col.index).notna()
            if ok.sum() > 10 and x[ok].nunique() > 2:
                rho = abs(pd.Series(x[ok]).rank().corr(pd.Series(y[ok.to_numpy()], index=x[ok].index).rank()))
                if rho >= 0.999:
                    unsafe[name] = f"a monotone function of the target (|Spearman| = {rho:.4f})"
                    continue
        x = encode(col, kind)
        if classification:
            model = DecisionTreeClassifier(max_depth=4, random_state=SEED)
            acc = cross_val_score(model, x, y, cv=folds, scoring="accuracy").mean()
            if acc >= 0.99 and acc - majority >= 0.05:
                unsafe[name] = f"predicts the target alone (tree accuracy {acc:.3f}, majority {majority:.3f})"
        else:
            ok = ~np.isnan(y)
            model = DecisionTreeRegressor(max_depth=6, random_state=SEED)
            r2 = cross_val_score(model, x[ok], y[ok], cv=folds, scoring="r2").mean()
            if r2 >= 0.99:
                unsafe[name] = f"predicts the target alone (tree R^2 {r2:.3f})"
    if not classification:
        unsafe.update(linear_combination(sample, types, target, y, unsafe))
    # A forecast's only inputs are the time axis, which interpolates a smooth series by construction.
    determined = None if objective == "forecasting" else determined_by_inputs(sample, types, target, y, classification, set(unsafe), folds)
    if determined:
        unsafe["*"] = determined
    return unsafe


def determined_by_inputs(sample, types, target, y, classification, unsafe, folds):
    """A target that an unpruned tree on the safe inputs reproduces (almost) exactly is a lookup, not a learning task."""
    names = [n for n, k in types.items() if n != target and n not in unsafe and k not in ("text", "path")]
    if not names:
        return None
    x = np.column_stack([encode(sample[n], types[n]) for n in names])
    if classification:
        score = cross_val_score(DecisionTreeClassifier(random_state=SEED), x, y, cv=folds, scoring="accuracy").mean()
        return f"the other columns determine it (unpruned tree accuracy {score:.4f})" if score >= 0.999 else None
    ok = ~np.isnan(y)
    score = cross_val_score(DecisionTreeRegressor(random_state=SEED), x[ok], y[ok], cv=folds, scoring="r2").mean()
    return f"the other columns determine it (unpruned tree R^2 {score:.4f})" if score >= 0.999 else None


def linear_combination(sample, types, target, y, already):
    """Numeric features that reproduce the target exactly as a linear combination (e.g. parts of a sum)."""
    names = [n for n, k in types.items() if n != target and n not in already and k in ("integer", "number")]
    if not names:
        return {}
    x = sample[names].apply(numeric)
    ok = x.notna().all(axis=1).to_numpy() & ~np.isnan(y)
    if ok.sum() < len(names) + 10:
        return {}
    found = {}
    remaining = list(names)
    while remaining:
        xs = x.loc[ok, remaining].to_numpy(dtype=float)
        xs = np.column_stack([xs, np.ones(len(xs))])
        coef, *_ = np.linalg.lstsq(xs, y[ok], rcond=None)
        resid = y[ok] - xs @ coef
        r2 = 1 - resid.var() / max(y[ok].var(), 1e-300)
        if r2 < 0.9999:
            break
        scale = np.abs(coef[:-1]) * xs[:, :-1].std(axis=0)
        worst = remaining[int(np.argmax(scale))]
        found[worst] = f"part of an exact linear combination that reproduces the target (R^2 {r2:.5f})"
        remaining.remove(worst)
    return found


def main():
    dataset_dir, table, types_file = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    types = json.loads(Path(types_file).read_text())
    frame = pd.read_csv(dataset_dir / table, dtype=str, keep_default_na=False, na_values=MISSING)
    rows = len(frame)
    columns = [column_stats(n, types[n], frame[n], rows) for n in frame.columns]
    fixed = determined(frame, types)
    for stats in columns:
        if stats["name"] in fixed:
            stats["determines"] = fixed[stats["name"]]
    requested = json.loads(sys.argv[4]) if len(sys.argv) > 4 else []
    screened = {}
    for target, objective in requested:
        screened[target] = screen(frame, types, target, objective)
    print(json.dumps({"rows": rows, "columns": columns, "rowBlocks": row_blocks(frame), "unsafe": screened}))


if __name__ == "__main__":
    main()
