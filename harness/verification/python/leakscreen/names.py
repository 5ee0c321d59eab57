"""name-contains-target: an input whose name contains the target's name as a run of whole name tokens
(`PERMINTE_AVSAL` for target `PERMINTE`, `log_price` for `price`) and that carries information on it.
Names are split at underscores, other punctuation, digits and camelCase humps. A name match alone is
not enough (`class_size` says nothing about `class`): the column must also be associated with the
target. In forecasts, lags of the target (`sales_lag1`, `prev_sales`) are the features by design."""
import re

import numpy as np

from .inputs import Inputs
from .report import col, num, result
from .stats import association

LAG_TOKENS = {"lag", "lagged", "prev", "previous", "last", "past", "history", "shift", "shifted", "rolling", "lead", "t"}


def tokens(name):
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    return [t for t in re.split(r"[^A-Za-z]+", spaced.lower()) if t]


def contains(outer, inner):
    k = len(inner)
    return k > 0 and len(outer) > k and any(outer[i : i + k] == inner for i in range(len(outer) - k + 1))


def check_names(d):
    o = d.opt
    found = []
    for t in d.train_targets:
        inner = tokens(t)
        if not inner:
            continue
        inputs = Inputs(d, t, o["sampleRows"])
        for c in inputs.names:
            outer = tokens(c)
            if not contains(outer, inner):
                continue
            if d.objective == "forecasting" and LAG_TOKENS & set(outer):
                continue
            strength, how = association(inputs, c)
            if strength >= o["nameMinAssociation"]:
                found.append({"column": c, "target": t, "association": strength, "measure": how})
    for f in found:
        d.flagged.setdefault(f["column"], "name-contains-target")
    if not found:
        return result(True, f"no input name contains a target's name and is associated with it ({how_bar(o)})")
    msgs = [f"{d.train_name} column {col(f['column'])} is named after target {col(f['target'])} and is associated with it ({f['measure']} {num(f['association'], 3)})" for f in found]
    return result(False, "; ".join(msgs), drop=[f["column"] for f in found], found=found)


def how_bar(o):
    return f"association threshold {o['nameMinAssociation']}: |Spearman ρ| for numbers, Cramér's V for categories"
