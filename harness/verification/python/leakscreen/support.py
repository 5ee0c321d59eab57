"""target-support: a numeric input whose being nonzero (or present, or missing) marks one state of
the target almost without error, on most of that state's rows. PSID1976's `repwage`, the wage a
woman reported at the 1976 interview, is nonzero for three quarters of the women who worked in 1975
and for 10 of the 325 who did not (3% of the rows it marks, against 43% of the women not working): it is measured with the outcome, and answers `participation` (and whether
`hours` or `wage` is zero) for most rows. A target's states are its classes, or zero and nonzero for
a numeric target with a real mass at zero. An input's single-feature score misses it when the other
quarter of the state is mixed in with the rest; a feature that is merely strong (young children
and participation) is never this pure on this many rows: the share of the marked rows in another
state must be a tenth of that state's base rate, or less.

The same holds for the values of one to three categorical inputs together (a key): gss diaret's
`trt1`, `status.t` and `status.u` give the left eye's status (the treated eye's when `trt1` is 1, the
untreated one's otherwise), and a left eye not blinded is never "blind by 37 months", so the key's
cells mark 89% of the "no" rows without one exception, though no column does alone. A key's marked
rows are its cells (each on supportKeyMinCellRows rows or more) with no more of another state than
the bar allows; that so few errors fall on so many rows by chance must be unlikely (a binomial tail
at the other states' base rate, Bonferroni over the keys tried, below supportKeyMaxP), since small
cells of a rare state are pure often enough. Each found key loses its column most associated with
the target, and the search goes on, so a target reachable through two status columns loses both.
A key's cells must cover supportKeyMinCoverage of their state, more than one input's marker: many
cells pile up pure on a state most rows are in by design (lme4 Arabidopsis's region × rack ×
nutrient cells where every plant fruits hold 52% of the fruiting plants, at 98.9%).
Keys mark a numeric target's zero and nonzero states as well: AER CreditCard's `card` (the
application accepted or not) is `yes` for every applicant with a nonzero `expenditure`, and 97.9% of
its `yes` rows spend, a refused applicant having no card to spend on: a column recorded after the
outcome, which no numeric marker sees, being categorical."""
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from .inputs import Inputs
from .report import col, pct, pval, result
from .stats import cramers_v


def states(inputs, o):
    """(labels, codes) of the target's states, or None when it has no two sizable ones."""
    if inputs.classification:
        # inputs.y numbers the classes in order of appearance (pandas.factorize), as here.
        labels = [str(inputs.tgt.labels[int(c)]) for c in pd.factorize(inputs.tgt.codes[inputs.rows])[1]]
        return labels, inputs.y
    zero = inputs.y == 0
    if not o["supportMinZeroShare"] <= zero.mean() <= 1 - o["supportMinZeroShare"]:
        return None
    return ["zero", "nonzero"], np.where(zero, 0, 1)


def markers(x):
    """The row sets an input marks by its own values: nonzero, zero, present, missing."""
    present = np.isfinite(x)
    return {"nonzero": present & (x != 0), "zero": present & (x == 0), "present": present, "missing": ~present}


def marked_by_key(y, share, cells, o, min_coverage):
    """(state, rows marked, errors, coverage) of the state a key's cells mark best within the bar, or None."""
    k = len(share)
    counts = np.bincount(cells * k + y, minlength=(int(cells.max()) + 1) * k).reshape(-1, k)
    size = counts.sum(axis=1)
    best = None
    for s in range(k):
        bar = min(o["supportMaxError"], o["supportMaxErrorRatio"] * (1 - share[s]))
        pure = (size >= o["supportKeyMinCellRows"]) & (size - counts[:, s] <= bar * size)
        n, hits = int(size[pure].sum()), int(counts[pure, s].sum())
        if n < o["supportMinRows"] or len(y) - n < o["supportMinRows"] or (n - hits) > bar * n:
            continue
        coverage = hits / max(1, share[s] * len(y))
        if coverage >= min_coverage and (best is None or coverage > best[3]):
            best = (s, n, n - hits, coverage)
    return best


def best_key(keys, levels, y, share, o, min_coverage, tried, max_p):
    """The key whose cells mark the most of one state, significantly; the smaller key on a tie."""
    best = None
    for key in keys:
        cells = np.zeros(len(y), dtype=np.int64)
        for c in key:
            cells = cells * (int(levels[c].max()) + 1) + levels[c]
        m = marked_by_key(y, share, pd.factorize(cells)[0], o, min_coverage)
        if m is None:
            continue
        s, n, errors, coverage = m
        p = min(1.0, float(stats.binom.cdf(errors, n, 1 - share[s])) * tried)
        if p <= max_p and (best is None or (coverage, -len(key)) > (best["coverage"], -len(best["columns"]))):
            best = {"columns": list(key), "state": s, "rows": n, "error": errors / n, "coverage": float(coverage), "p": p}
    return best


def key_findings(inputs, labels, y, share, o):
    """Keys of one to three categorical inputs whose cells mark one state of the target. A found key
    loses its columns, the most associated with the target first, until what is left of it marks
    no state on even half the coverage bar at p ≤ √supportKeyMaxP, a known leak's remainder (diaret loses both status columns, keeps `trt1`)."""
    levels = {c: pd.factorize(inputs.codes(c, o["pairMaxLevels"]))[0] for c in inputs.names if 2 <= inputs.frame[c].nunique(dropna=False) <= o["pairMaxLevels"]}
    strength = {c: cramers_v(v, y) for c, v in levels.items()}
    found, left = [], sorted(levels, key=lambda c: -strength[c])[: o["supportKeyColumns"]]
    while left:
        keys = [key for size in (1, 2, 3) for key in combinations(left, size)]
        hit = best_key(keys, levels, y, share, o, o["supportKeyMinCoverage"], len(keys), o["supportKeyMaxP"])
        if hit is None:
            break
        rest, drop = sorted(hit["columns"], key=lambda c: -strength[c]), []
        while rest and (not drop or best_key([tuple(rest)], levels, y, share, o, o["supportMinCoverage"] / 2, 1, np.sqrt(o["supportKeyMaxP"]))):
            drop.append(rest.pop(0))
        found.append({**hit, "state": labels[hit["state"]], "column": drop[0], "drop": drop})
        left = [c for c in left if c not in drop]
    return found


def check_support(d):
    o = d.opt
    found = []
    for t in d.train_targets:
        inputs = Inputs(d, t, o["sampleRows"])
        s = states(inputs, o)
        if s is None:
            continue
        labels, y = s
        share = np.bincount(y, minlength=len(labels)) / max(1, len(y))
        for c in inputs.names:
            if inputs.kinds[c] != "numeric":
                continue
            x = inputs.number(c)
            for mark, rows in markers(x).items():
                n = int(rows.sum())
                # Both the marked rows and the others must be many, or the marker is the whole column.
                if n < o["supportMinRows"] or len(y) - n < o["supportMinRows"]:
                    continue
                counts = np.bincount(y[rows], minlength=len(labels))
                k = int(counts.argmax())
                error = 1 - counts[k] / n
                coverage = counts[k] / max(1, share[k] * len(y))
                if error <= min(o["supportMaxError"], o["supportMaxErrorRatio"] * (1 - share[k])) and coverage >= o["supportMinCoverage"]:
                    found.append({"column": c, "target": t, "marker": mark, "state": labels[k], "rows": n, "error": float(error), "coverage": float(coverage)})
                    break
        inputs.names = [c for c in inputs.names if c not in {f["column"] for f in found}]
        found += [{"target": t, "marker": "key", **f} for f in key_findings(inputs, labels, y, share, o)]
    drop = list(dict.fromkeys(c for f in found for c in f.get("drop", [f["column"]])))
    for c in drop:
        d.flagged.setdefault(c, "target-support")
    if not found:
        return result(True, f"no numeric input (being nonzero, zero, present or missing), nor the values of one to three categorical inputs, marks one state of the target (on ≥ {pct(o['supportMinCoverage'])} of that state's rows, ≤ {pct(o['supportMaxError'])} of them in another)")
    state = lambda f: f"is {f['state']}" if f["state"] in ("zero", "nonzero") else f"is {col(f['state'])}"
    def where(f):
        if f["marker"] == "key":
            who = f"column {col(f['columns'][0])} marks" if len(f["columns"]) == 1 else f"columns {', '.join(col(c) for c in f['columns'])} together mark"
            return (f"{d.train_name} {who} where target {col(f['target'])} {state(f)}: on the {f['rows']} rows of "
                    f"{'its values' if len(f['columns']) == 1 else 'their value combinations'} that do, the target {state(f)} on {pct(1 - f['error'])} of them ({pval(f['p'])} by chance), and those are "
                    f"{pct(f['coverage'])} of all rows where it {state(f)}; drop {', '.join(col(c) for c in f['drop'])}")
        return (f"{d.train_name} column {col(f['column'])} marks where target {col(f['target'])} {state(f)}: on the {f['rows']} rows where it is {f['marker']}, "
                f"the target {state(f)} on {pct(1 - f['error'])} of them, and those are {pct(f['coverage'])} of all rows where it {state(f)}")
    msgs = [where(f) for f in found]
    return result(False, "; ".join(msgs), drop=drop, found=found)
