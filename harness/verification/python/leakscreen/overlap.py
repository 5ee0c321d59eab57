"""train-test-overlap: test rows that repeat a train row's full feature vector, beyond natural duplicates."""
import hashlib
import os

import numpy as np
import pandas as pd
from scipy import stats

from .report import pct, plural, pval, result
from .values import inside, norm, to_num

# Files hashed for the overlap check at most; beyond it, paths are compared as text.
MAX_HASHED_FILES = 200_000
MAX_HASHED_BYTES = 64 * 1024 * 1024


def file_digest(full):
    h = hashlib.sha1()
    with open(full, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def canonical(frame, cols, kinds, public_dir, use_content):
    """Each value as comparable text: numbers as floats, text normalised, file paths as content hashes."""
    out = {}
    for c in cols:
        s = frame[c].reset_index(drop=True)
        kind = kinds.get(c)
        if kind == "numeric":
            v = to_num(s)
            out[c] = np.where(np.isnan(v), norm(s).to_numpy(), np.array([repr(float(x)) for x in np.nan_to_num(v)], dtype=object))
        elif kind == "path" and use_content:
            def digest(rel):
                full = inside(public_dir, rel)
                if full is None or os.path.getsize(full) > MAX_HASHED_BYTES:
                    return "path:" + rel.strip()
                return "sha1:" + file_digest(full)
            out[c] = s.map(digest).to_numpy()
        else:
            out[c] = norm(s).to_numpy()
    return pd.DataFrame(out)


def check_overlap(d):
    o = d.opt
    cols = [c for c in d.features if c in d.test.columns]
    if not cols:
        return result(True, "train.csv and test.csv share no feature columns")
    n_files = (len(d.train) + len(d.test)) * sum(d.kinds.get(c) == "path" for c in cols)
    use_content = 0 < n_files <= MAX_HASHED_FILES
    tr = canonical(d.train, cols, d.kinds, d.public_dir, use_content)
    te = canonical(d.test, cols, d.kinds, d.public_dir, use_content)
    ktr = pd.util.hash_pandas_object(tr, index=False).to_numpy()
    kte = pd.util.hash_pandas_object(te, index=False).to_numpy()
    first_train = pd.Series(np.arange(len(ktr))).groupby(ktr).first()
    in_train = np.isin(kte, ktr)
    n_over, n_test = int(in_train.sum()), len(kte)
    within = float(pd.Series(ktr).duplicated(keep=False).mean()) if len(ktr) else 0.0
    rate = n_over / n_test if n_test else 0.0
    examples = []
    for i in np.flatnonzero(in_train)[:3]:
        j = int(first_train.loc[kte[i]])
        examples.append({"testId": str(d.test[d.id].iloc[i]) if d.id in d.test.columns else f"row {i + 1}",
                         "trainId": str(d.train[d.id].iloc[j]) if d.id in d.train.columns else f"row {j + 1}"})
    what = "file contents compared; " if use_content else ""
    details = {"overlapRows": n_over, "testRows": n_test, "rate": rate, "withinTrainDuplicateRate": within,
               "columns": len(cols), "comparedFileContents": use_content, "examples": examples, "mode": o["overlap"]}
    if n_over == 0:
        return result(True, f"no test.csv row repeats a train.csv row ({what}{plural(len(cols), 'feature column')}, id excluded)", **details)
    ex = ", ".join(f"test id {e['testId']} = train id {e['trainId']}" for e in examples)
    base = (f"{n_over} of {n_test} test.csv rows ({pct(rate)}) repeat the full feature vector of a train.csv row "
            f"({what}{plural(len(cols), 'feature column')}, id excluded; e.g. {ex})")
    if o["overlap"] == "strict":
        return result(False, base, **details)
    # Natural duplicates: when the feature space is coarse (small integers, word counts), distinct
    # records coincide. Under a random split a test row has a train twin about as often as a train
    # row has another train twin, so the within-train duplicate rate is the rate expected by chance.
    # Only an excess over it is a split leak; with no within-train duplicates any overlap is one.
    if within == 0:
        return result(False, base + "; train.csv itself has no duplicate rows, so these were copied across the split", **details)
    p = float(stats.binomtest(n_over, n_test, min(within, 1.0), alternative="greater").pvalue)
    details["p"] = p
    if p < o["overlapMaxP"] and rate > o["overlapMaxRatio"] * within:
        return result(False, base + f"; far above the {pct(within)} of train.csv rows that have a duplicate within train.csv ({pval(p)}): rows were copied across the split", **details)
    return result(True, base.replace(" repeat ", " coincide with ", 1)
                  + f"; expected by chance: {pct(within)} of train.csv rows have a duplicate within train.csv, so the dataset has natural "
                  f"duplicates and a random split gives about the same rate ({pval(p)})", **details)
