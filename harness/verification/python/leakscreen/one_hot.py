"""one-hot-sibling: a 0/1 target that is one dummy of a one-hot group whose other dummies are inputs
(rand-hie's `hlthg` beside `hlthf` and `hlthp`). A sibling is 1 only where the target is 0, so each
one tells the model "not the target" for free. A sibling is a 0/1 input never 1 on the same row as
the target nor as another sibling, and either named like the target (a shared stem: `hlth`, `race_`)
or completing the group (target + siblings = 1 on every row, where no name is needed: the target is
then 1 − their sum)."""
import os

import numpy as np

from .inputs import Inputs
from .report import col, pct, result

ZERO_ONE = ({"0", "1"}, {"0.0", "1.0"}, {"false", "true"})


def indicator(values):
    """A 0/1 array when the column holds exactly two values spelled as 0/1 or false/true, else None."""
    s = values.str.strip().str.lower()
    if not any(set(s.unique()) == z for z in ZERO_ONE):
        return None
    return s.isin(("1", "1.0", "true")).to_numpy()


def stem(a, b):
    """The common prefix or suffix of two names when it is at least 3 characters and half the shorter name."""
    a, b = a.lower(), b.lower()
    short = min(len(a), len(b))
    pre = len(os.path.commonprefix([a, b]))
    suf = len(os.path.commonprefix([a[::-1], b[::-1]]))
    best = max(pre, suf)
    if best >= 3 and best * 2 >= short and best < short:
        return a[:pre] if pre >= suf else a[len(a) - suf :]
    return None


def check_one_hot(d):
    o = d.opt
    found = []
    for t in d.train_targets:
        inputs = Inputs(d, t, len(d.train))
        y = indicator(inputs.frame[t]) if t in inputs.frame.columns else None
        if y is None or not y.any() or y.all():
            continue
        dummies = {}
        for c in inputs.names:
            x = indicator(inputs.frame[c])
            if x is not None and x.sum() >= o["oneHotMinRows"] and not (x & y).any():
                dummies[c] = x
        # Keep the siblings that are also exclusive among themselves (greedy, most frequent first).
        group = []
        for c in sorted(dummies, key=lambda c: -dummies[c].sum()):
            if all(not (dummies[c] & dummies[g]).any() for g in group):
                group.append(c)
        if not group:
            continue
        cover = y | np.logical_or.reduce([dummies[c] for c in group])
        named = {c: stem(t, c) for c in group if stem(t, c)}
        complete = bool(cover.all())
        siblings = group if complete else list(named)
        if not siblings:
            continue
        sibling_rows = int(np.logical_or.reduce([dummies[c] for c in siblings]).sum())
        found.append({"target": t, "siblings": siblings, "complete": complete, "stems": named, "rows": inputs.n,
                      "siblingRows": sibling_rows, "targetRows": int(y.sum()), "coverage": float(cover.mean())})
    drop = [c for f in found for c in f["siblings"]]
    for c in drop:
        d.flagged.setdefault(c, "one-hot-sibling")
    if not found:
        return result(True, "no 0/1 target has one-hot sibling dummies among the inputs")
    msgs = []
    for f in found:
        why = ("together with it they cover every row, so the target is 1 minus their sum" if f["complete"]
               else f"named like it ({', '.join(sorted(set(f['stems'].values())))}…) and covering {pct(f['coverage'])} of rows with it")
        msgs.append(f"{d.train_name} columns {', '.join(col(c) for c in f['siblings'])} are one-hot siblings of target {col(f['target'])}: "
                    f"never 1 on the same row as it or each other ({f['siblingRows']} of {f['rows']} rows have a sibling at 1, "
                    f"where the target is always 0); {why}")
    return result(False, "; ".join(msgs), drop=drop, found=found)
