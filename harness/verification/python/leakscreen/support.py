"""target-support: a numeric input whose being nonzero (or present, or missing) marks one state of
the target almost without error, on most of that state's rows. PSID1976's `repwage`, the wage a
woman reported at the 1976 interview, is nonzero for three quarters of the women who worked in 1975
and for 10 of the 325 who did not (3% of the rows it marks, against 43% of the women not working): it is measured with the outcome, and answers `participation` (and whether
`hours` or `wage` is zero) for most rows. A target's states are its classes, or zero and nonzero for
a numeric target with a real mass at zero. An input's single-feature score misses it when the other
quarter of the state is mixed in with the rest; a feature that is merely strong (young children
and participation) is never this pure on this many rows: the share of the marked rows in another
state must be a tenth of that state's base rate, or less."""
import numpy as np
import pandas as pd

from .inputs import Inputs
from .report import col, pct, result


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
    drop = list(dict.fromkeys(f["column"] for f in found))
    for c in drop:
        d.flagged.setdefault(c, "target-support")
    if not found:
        return result(True, f"no numeric input marks one state of the target (being nonzero, zero, present or missing on ≥ {pct(o['supportMinCoverage'])} of that state's rows, ≤ {pct(o['supportMaxError'])} of them in another)")
    state = lambda f: f"is {f['state']}" if f["state"] in ("zero", "nonzero") else f"is {col(f['state'])}"
    msgs = [f"{d.train_name} column {col(f['column'])} marks where target {col(f['target'])} {state(f)}: on the {f['rows']} rows where it is {f['marker']}, "
            f"the target {state(f)} on {pct(1 - f['error'])} of them, and those are {pct(f['coverage'])} of all rows where it {state(f)}" for f in found]
    return result(False, "; ".join(msgs), drop=drop, found=found)
