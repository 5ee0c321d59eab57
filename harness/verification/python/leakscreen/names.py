"""name-contains-target: an input whose name contains the target's name as a run of whole name tokens
(`PERMINTE_AVSAL` for target `PERMINTE`, `log_price` for `price`) and that carries information on it.
Names are split at underscores, other punctuation, digits and camelCase humps. A name match alone is
not enough (`class_size` says nothing about `class`): the column must also be associated with the
target. In forecasts, lags of the target (`sales_lag1`, `prev_sales`) are the features by design.

A name that adds only words describing how the target was recorded (its type, method, scale, unit,
source, status, flag, quality or error) names a column written with the target, after it was
known: the USGS earthquakes' `mag_type` (`magType` in the feed) says which magnitude scale the
network used, and in the feed's week every `mb` event is of magnitude 3.8 or more, every `mww` one of
4.9 or more. Such a column leaks what it says about the target however little that is, so its bar
is lower (nameDescriptorMinAssociation; Cramér's V 0.40 for `mag_type` on smith-v2's train.csv),
with the association significant (nameDescriptorMaxP): a column of many values shows some
association on few rows by chance."""
import re

import numpy as np

from .inputs import Inputs
from .report import col, num, pval, result
from .stats import association, association_p

LAG_TOKENS = {"lag", "lagged", "prev", "previous", "last", "past", "history", "shift", "shifted", "rolling", "lead", "t"}
# Words that describe a measurement rather than name another quantity.
DESCRIPTORS = {"type", "kind", "method", "scale", "unit", "units", "source", "src", "status", "flag", "quality", "error", "err", "uncertainty"}


def tokens(name):
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    return [t for t in re.split(r"[^A-Za-z]+", spaced.lower()) if t]


def contains(outer, inner):
    return bool(rest(outer, inner))


def rest(outer, inner):
    """The tokens of `outer` around its first run equal to `inner` (None when it has none or is that run)."""
    k = len(inner)
    if k == 0 or len(outer) <= k:
        return None
    at = next((i for i in range(len(outer) - k + 1) if outer[i : i + k] == inner), None)
    return None if at is None else outer[:at] + outer[at + k :]


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
            elif set(rest(outer, inner)) <= DESCRIPTORS and strength >= o["nameDescriptorMinAssociation"]:
                p = association_p(inputs, c)
                if p <= o["nameDescriptorMaxP"]:
                    found.append({"column": c, "target": t, "association": strength, "measure": how, "describes": True, "p": p})
    for f in found:
        d.flagged.setdefault(f["column"], "name-contains-target")
    if not found:
        return result(True, f"no input name contains a target's name and is associated with it ({how_bar(o)})")
    msgs = [message(d, f) for f in found]
    return result(False, "; ".join(msgs), drop=[f["column"] for f in found], found=found)


def message(d, f):
    if f.get("describes"):
        return (f"{d.train_name} column {col(f['column'])} describes how target {col(f['target'])} was recorded, so it is written after the target is known, "
                f"and is associated with it ({f['measure']} {num(f['association'], 3)}, {pval(f['p'])})")
    return f"{d.train_name} column {col(f['column'])} is named after target {col(f['target'])} and is associated with it ({f['measure']} {num(f['association'], 3)})"


def how_bar(o):
    return f"association threshold {o['nameMinAssociation']}: |Spearman ρ| for numbers, Cramér's V for categories; {o['nameDescriptorMinAssociation']} at {pval(o['nameDescriptorMaxP']).replace('=', '≤')} for a name adding only words on how the target was recorded (type, unit, source, …)"
