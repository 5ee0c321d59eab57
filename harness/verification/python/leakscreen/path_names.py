"""path-names-target: file paths whose tokens name their row's class."""
import re

import numpy as np

from .report import col, result

def path_grams(path, longest):
    """Every run of up to `longest` consecutive lower-case alphanumeric tokens of a path, joined by
    spaces and also run together (so `t_shirt` and `tshirt` both name the label `T-shirt`)."""
    toks = re.findall(r"[a-z0-9]+", path.lower())
    grams = set()
    for size in range(1, longest + 1):
        for i in range(len(toks) - size + 1):
            run = toks[i : i + size]
            grams.add(" ".join(run))
            grams.add("".join(run))
    return grams


def check_path_names(d):
    o = d.opt
    paths = [c for c in dict.fromkeys(d.features + d.test_features) if d.kinds.get(c) == "path"]
    if not paths:
        return result(True, "no file-path columns")
    findings, tested = [], []
    for fname, frame, feats, targets in d.sides():
        for t, tgt in targets.items():
            if tgt.kind != "class":
                continue
            # Each label as its token run and as the run written together: "T-shirt/top" → "t shirt top", "tshirttop".
            index = {}
            longest = 1
            for l in tgt.labels:
                toks = re.findall(r"[a-z0-9]+", l.lower())
                if not toks:
                    continue
                longest = max(longest, len(toks))
                for form in {" ".join(toks), "".join(toks)}:
                    index.setdefault(form, set()).add(l)
            raw = tgt.raw.to_numpy()
            for c in paths:
                if c not in feats:
                    continue
                values = frame[c].reset_index(drop=True).to_numpy()
                own = np.zeros(len(values), dtype=bool)
                other = np.zeros(len(values), dtype=bool)
                for i, v in enumerate(values):
                    named = set()
                    for g in path_grams(str(v), longest):
                        named |= index.get(g, set())
                    if named:
                        own[i] = raw[i] in named
                        other[i] = bool(named - {raw[i]})
                n_own, n_other = int(own.sum()), int(other.sum())
                entry = {"file": fname, "column": c, "target": t, "ownLabelRows": n_own, "otherLabelRows": n_other, "rows": len(values)}
                tested.append(entry)
                # A label token in a path by coincidence (say the digit 3 in "scan_3.png") names the wrong
                # class about as often as the right one; a leak names the right one.
                if n_own >= o["pathMinRows"] and n_own >= o["pathMinRatio"] * n_other:
                    i = int(np.flatnonzero(own)[0])
                    findings.append(
                        f"{fname} column {col(c)}: {n_own} of {len(values)} paths contain their row's class (target {col(t)}) as a token, "
                        f"e.g. {values[i]} for {raw[i]!r}; {n_other} contain another class"
                    )
    if findings:
        return result(False, "; ".join(findings), tested=tested)
    return result(True, f"no path in {', '.join(col(c) for c in paths)} names its row's class", tested=tested)
