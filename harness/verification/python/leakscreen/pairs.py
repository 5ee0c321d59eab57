"""determining-pair: two inputs that together determine the target while neither does alone
(travel-mode's `gc` ≈ `invc` + 0.135 × `invt`, and the same within each `mode`: `gc` and `invc` give
`invt`). Numeric targets: least squares on every pair of numeric inputs, pooled and within the values
of each low-cardinality input (a separate line per group), against the best single input (its own
line, or the group means). Class targets: a cross-validated lookup table on every pair of inputs
(numbers cut into quantile bins) against the best single-input table. Found pairs are broken by
dropping the input carrying the most weight (for a within-group fit, the numeric input)."""
import numpy as np

from .inputs import Inputs
from .linear import Correlations, subsets
from .report import col, num, result
from .stats import oof_lookup, splitter

# R² an extra input must add to be named in a finding.
PARSIMONY = 0.02


def within(x, y, groups, pairs):
    """Pooled R² of y on each column pair (and on each single column) with a separate fit per group,
    and the pooled size of each pair's standardised coefficients."""
    sst = float(((y - y.mean()) ** 2).sum())
    sse_pairs = np.zeros(len(pairs))
    sse_single = np.zeros(x.shape[1])
    weight = np.zeros((len(pairs), 2))
    sse_means = 0.0
    for g in np.unique(groups):
        m = groups == g
        yg, xg = y[m], x[m]
        sst_g = float(((yg - yg.mean()) ** 2).sum())
        sse_means += sst_g
        if sst_g == 0 or m.sum() < 5:
            continue
        corr = Correlations(xg, yg)
        r2, b = corr.r2(pairs)
        sse_pairs += sst_g * (1 - r2)
        weight += np.abs(b) * m.sum()
        sse_single += sst_g * (1 - np.clip(corr.r ** 2, 0, 1))
    return 1 - sse_pairs / sst, 1 - sse_single / sst, 1 - sse_means / sst, weight


def numeric_pairs(inputs, o):
    names, x, rows = inputs.numeric(o["identityMaxMissing"])
    y = inputs.y[rows]
    if len(names) < 2 or len(y) < o["pairMinRows"]:
        return [], 0.0
    pairs = subsets(len(names), 2)
    corr = Correlations(x, y)
    r2, b = corr.r2(pairs)
    best_single = float(np.max(corr.r ** 2))
    found = [{"columns": [names[i], names[j]], "within": None, "score": float(r2[t]), "weights": np.abs(b[t])} for t, (i, j) in enumerate(pairs)]
    for g, codes in inputs.groupings(o["pairMaxLevels"], o["pairMinGroupRows"]).items():
        gr2, sr2, means, w = within(x, y, codes[rows], pairs)
        best_single = max(best_single, means)
        found += [{"columns": [names[i], names[j]], "within": g, "score": float(gr2[t]), "weights": w[t]} for t, (i, j) in enumerate(pairs) if g not in (names[i], names[j])]
        found += [{"columns": [names[i]], "within": g, "score": float(sr2[i]), "weights": np.ones(1)} for i in range(len(names)) if names[i] != g]
    return found, best_single


def class_pairs(inputs, o):
    y = inputs.y
    k = int(y.max()) + 1
    if k < 2 or inputs.n < o["pairMinRows"]:
        return [], 0.0
    splits = splitter(y, True, o["folds"], o["seed"])
    majority = float(np.bincount(y).max() / len(y))
    # About five rows per cell of a pair's table on average, so the lookup can generalise.
    bins = max(2, min(o["pairBins"], int(np.sqrt(inputs.n / 5))))
    # A missing value (code -1) is a level of its own: lookup tables index by code.
    codes = {c: inputs.codes(c, bins) + 1 for c in inputs.names}
    codes = {c: v for c, v in codes.items() if np.unique(v).size >= 2}

    def reduction(v):
        acc = float((oof_lookup(v, y, True, splits, k) == y).mean())
        return (acc - majority) / (1 - majority) if majority < 1 else 0.0

    single = {c: reduction(v) for c, v in codes.items()}
    top = sorted(single, key=lambda c: -single[c])[: o["pairMaxColumns"]]
    found = []
    for i, j in subsets(len(top), 2):
        a, b = codes[top[i]], codes[top[j]]
        joint = a * (int(b.max()) + 1) + b
        if np.unique(joint).size > len(y) / 2:
            continue  # too fine for a lookup table to generalise
        found.append({"columns": [top[i], top[j]], "within": None, "score": reduction(joint), "weights": np.array([single[top[i]], single[top[j]]])})
    return found, max(single.values(), default=0.0)


def check_determining_pair(d):
    o = d.opt
    findings, tested = [], []
    for t, tgt in d.train_targets.items():
        if tgt.kind not in ("class", "numeric"):
            continue
        inputs = Inputs(d, t, o["sampleRows"])
        cands, best_single = (class_pairs if inputs.classification else numeric_pairs)(inputs, o)
        bar = o["pairMinErrorReduction"] if inputs.classification else o["pairMinR2"]
        tested.append({"target": t, "pairs": len(cands), "bestSingle": best_single, "best": max((c["score"] for c in cands), default=None)})
        dropped = set()
        # Fewer inputs first when they explain nearly as much: `gc` within `mode` rather than `gc` and a
        # bystander within `mode`.
        for c in sorted(cands, key=lambda c: -(c["score"] - PARSIMONY * (len(c["columns"]) + (c["within"] is not None)))):
            if c["score"] < bar or c["score"] - best_single < o["pairMinGain"] or dropped & set(c["columns"]):
                continue
            drop = c["columns"][int(np.argmax(c["weights"]))]
            dropped.add(drop)
            findings.append({"target": t, "columns": c["columns"], "within": c["within"], "score": c["score"], "bestSingle": best_single,
                             "measure": "lookup-table error reduction over the majority class" if inputs.classification else "R²", "drop": drop})
    drop = [f["drop"] for f in findings]
    for c in drop:
        d.flagged.setdefault(c, "determining-pair")
    if not findings:
        return result(True, f"no pair of inputs determines the target (bar: R² ≥ {o['pairMinR2']} for numbers, error reduction ≥ {o['pairMinErrorReduction']} "
                            f"for classes, {o['pairMinGain']} above the best single input)", tested=tested)
    msgs = []
    for f in findings:
        cols = " and ".join(col(c) for c in f["columns"] + ([f["within"]] if f["within"] else []))
        how = f" (a separate linear fit for each value of {col(f['within'])})" if f["within"] else ""
        msgs.append(f"{d.train_name} columns {cols}{how} determine target {col(f['target'])}: {f['measure']} {num(f['score'], 4)} "
                    f"against {num(f['bestSingle'], 3)} for the best single input; drop {col(f['drop'])}")
    return result(False, "; ".join(msgs), drop=drop, found=findings, tested=tested)
