"""target-recoding: a feature that maps 1:1 onto a target, an affine or monotone function of it, or
a binned copy of a numeric target (its values cut the target into ordered ranges that do not
overlap, save on a few rows: an age group beside the age)."""
import numpy as np
import pandas as pd

from .report import col, num, pct, result
from .stats import consistency, monotone_exceptions, rank_corr
from .target_copy import MAX_SCAN_COLUMNS
from .values import norm, to_num

def bijection(f, t, min_c, raw_f, raw_t):
    """A finding dict when f and t map 1:1 onto each other on ≥ min_c of rows, else None.
    Compared normalised (f, t); the example mapping shows the values as written (raw_f, raw_t)."""
    fwd, bwd, nf, nt, _ = consistency(f, t)
    if nt < 2 or nf < 2:
        return None
    majority = float(pd.Series(t).value_counts(normalize=True).iloc[0])
    if majority >= min_c:  # every near-constant column would look consistent
        return None
    if fwd >= min_c and bwd >= min_c:
        mapping = consistency(raw_f, raw_t)[4]
        return {"consistency": min(fwd, bwd), "forward": fwd, "backward": bwd, "values": nt, "mapping": mapping[:8]}
    return None


def binned(f, y, o):
    """A finding dict when f's values (3 to recodingBinsMaxLevels of them, none on 90% of the rows) cut
    y into ordered ranges, each value its own range, save on recodingBinsMaxExceptions of rows."""
    codes, values = pd.factorize(f)
    # Five rows a value on average at least: a value on one row is a range of one, which bins nothing.
    if not 3 <= len(values) <= min(o["recodingBinsMaxLevels"], len(y) / 5) or np.bincount(codes).max() > 0.9 * len(y):
        return None
    medians = pd.Series(y).groupby(codes).median().to_numpy()
    rank = np.argsort(np.argsort(medians, kind="stable"), kind="stable")[codes]
    off = monotone_exceptions(y, rank)
    if off > o["recodingBinsMaxExceptions"] * len(y):
        return None
    order = np.argsort(medians, kind="stable")
    ranges = [(str(values[g]), float(y[codes == g].min()), float(y[codes == g].max())) for g in order]
    return {"values": len(values), "exceptions": int(off), "ranges": ranges[:8]}


def check_target_recoding(d):
    o = d.opt
    min_c = o["recodingMinConsistency"]
    found = []
    for fname, frame, feats, targets in d.sides():
        for t, tgt in targets.items():
            m = tgt.present
            n = int(m.sum())
            if n < 10:
                continue
            tn = tgt.norm[m].reset_index(drop=True)
            traw = tgt.raw[m].reset_index(drop=True)
            distinct = tn.nunique()
            categorical = tgt.kind == "class" or distinct <= min(50, n / 5)
            for c in feats[:MAX_SCAN_COLUMNS]:
                if d.flagged.get(c) == "target-copy":
                    continue
                f = frame[c].reset_index(drop=True)[m].reset_index(drop=True)
                fn = norm(f)
                base = {"file": fname, "column": c, "target": t, "rows": n}
                if categorical:
                    hit = bijection(fn.to_numpy(), tn.to_numpy(), min_c, f.to_numpy(), traw.to_numpy())
                    if hit:
                        found.append({**base, "kind": "bijection", **hit})
                        continue
                    present = (fn != "").to_numpy()
                    if max(20, 0.5 * n) <= present.sum() < n:
                        hit = bijection(fn[present].to_numpy(), tn[present].to_numpy(), min_c, f[present].to_numpy(), traw[present].to_numpy())
                        if hit:
                            found.append({**base, "kind": "bijection", "coverage": float(present.mean()), **hit})
                            continue
                if tgt.kind == "numeric" and d.kinds.get(c) == "numeric":
                    fv, tv = to_num(f), tgt.num[m]
                    both = np.isfinite(fv) & np.isfinite(tv)
                    if both.sum() < max(10, 0.5 * n) or np.unique(fv[both]).size < 3 or np.unique(tv[both]).size < 3:
                        continue
                    x, y = fv[both], tv[both]
                    rp = float(np.corrcoef(x, y)[0, 1])
                    rs = rank_corr(x, y)
                    if abs(rp) >= o["affineMinAbsPearson"]:
                        a, b = np.polyfit(x, y, 1)
                        found.append({**base, "kind": "affine", "pearson": rp, "spearman": rs, "slope": float(a), "intercept": float(b), "rows": int(both.sum())})
                        continue
                    if abs(rs) >= o["monotoneMinAbsSpearman"]:
                        found.append({**base, "kind": "monotone", "pearson": rp, "spearman": rs, "rows": int(both.sum())})
                        continue
                if tgt.kind == "numeric":
                    both = (fn != "").to_numpy() & np.isfinite(tgt.num[m])
                    if both.sum() >= max(10, 0.5 * n):
                        hit = binned(fn[both].to_numpy(), tgt.num[m][both], o)
                        if hit:
                            found.append({**base, "kind": "binned", "rows": int(both.sum()), **hit})
    for f in found:
        d.flagged.setdefault(f["column"], "target-recoding")
    if not found:
        return result(
            True,
            f"no feature recodes a target (1:1 mapping ≥ {pct(min_c)} consistent; for numeric targets |Spearman| ≥ {o['monotoneMinAbsSpearman']} "
            f"or |Pearson| ≥ {o['affineMinAbsPearson']}, or ordered non-overlapping ranges for ≤ {o['recodingBinsMaxLevels']} values save on ≤ {pct(o['recodingBinsMaxExceptions'])} of rows)",
        )
    msgs = []
    for f in found:
        where = f"{f['file']} column {col(f['column'])}"
        tname = f"target {col(f['target'])}" + (" (answers.csv)" if f["file"] == "test.csv" else "")
        if f["kind"] == "bijection":
            ex = ", ".join(f"{a!r}→{b!r}" for a, b, _ in f["mapping"][:4])
            cov = f" on the {pct(f['coverage'])} of rows where it is present" if "coverage" in f else ""
            msgs.append(f"{where} maps 1:1 onto {tname} ({f['values']} values, {pct(f['consistency'])} consistent{cov}; e.g. {ex})")
        elif f["kind"] == "affine":
            sign = "−" if f["intercept"] < 0 else "+"
            msgs.append(f"{where} is an affine transform of {tname}: target ≈ {num(f['slope'])}·x {sign} {num(abs(f['intercept']))} (Pearson r = {f['pearson']:.5f} on {f['rows']} rows)")
        elif f["kind"] == "binned":
            ex = ", ".join(f"{v!r}: {num(lo)}–{num(hi)}" for v, lo, hi in f["ranges"][:4])
            msgs.append(f"{where} is a binned copy of {tname}: its {f['values']} values cut the target into ordered ranges that do not overlap, "
                        f"save on {f['exceptions']} of {f['rows']} rows (e.g. {ex})")
        else:
            msgs.append(f"{where} is a strictly monotone function of {tname} (Spearman ρ = {f['spearman']:.5f} on {f['rows']} rows)")
    return result(False, "; ".join(msgs), drop=[f["column"] for f in found], found=found)
