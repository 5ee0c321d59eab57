"""target-part: a numeric input that is a part of the target total, the other parts unknown: movies'
worldwide gross is never below its US gross, and equals it for every film without a release abroad
(a quarter of them), so `us_gross` gives the answer away outright on those rows and bounds it on the
others. Flagged when the input is never above the target, equals it on a share of the rows where
either is nonzero, and goes with it (R² of a line). Sibling measurements with a natural order (a
day's minimum and maximum temperature) never cross either, but are almost never equal: that is what
the equality share is for. The other direction (the input a total that bounds the target) is left
alone: a binomial count's number of trials is such a total, and a design variable, not a leak."""
import numpy as np

from .inputs import Inputs
from .report import col, num, pct, result


def check_parts(d):
    o = d.opt
    found = []
    for t, tgt in d.train_targets.items():
        if tgt.kind != "numeric":
            continue
        inputs = Inputs(d, t, o["sampleRows"])
        for c in inputs.names:
            if inputs.kinds[c] != "numeric":
                continue
            x = inputs.number(c)
            ok = np.isfinite(x)
            if ok.sum() < o["identityMinRows"]:
                continue
            xs, ys = x[ok], inputs.y[ok]
            order = float(np.mean(xs <= ys))
            nonzero = (xs != 0) | (ys != 0)
            if order < o["partMinOrder"] or not nonzero.any() or xs.std() == 0 or ys.std() == 0:
                continue
            equal = float(np.mean(xs[nonzero] == ys[nonzero]))
            r2 = float(np.corrcoef(xs, ys)[0, 1] ** 2)
            if equal >= o["partMinEqual"] and r2 >= o["partMinR2"]:
                found.append({"column": c, "target": t, "equal": equal, "order": order, "r2": r2, "rows": int(ok.sum())})
    drop = [f["column"] for f in found]
    for c in drop:
        d.flagged.setdefault(c, "target-part")
    if not found:
        return result(True, f"no numeric input is a part of the target's total (never above it and equal to it on ≥ {pct(o['partMinEqual'])} of rows)")
    msgs = [f"{d.train_name} column {col(f['column'])} is a part of the total that target {col(f['target'])} is: never above it on {pct(f['order'])} of "
            f"{f['rows']} rows, equal to it on {pct(f['equal'])} of the rows where either is nonzero (R² {num(f['r2'], 3)})" for f in found]
    return result(False, "; ".join(msgs), drop=drop, found=found)
