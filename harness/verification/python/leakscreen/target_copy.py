"""target-copy: a feature equal to a target on almost every row."""
import numpy as np

from .report import col, pct, result
from .values import norm, to_num

# Wider than this, copy/recoding look at the first MAX_SCAN_COLUMNS features only.
MAX_SCAN_COLUMNS = 5000


def check_target_copy(d):
    min_agree = d.opt["copyMinAgreement"]
    found = []
    scanned = 0
    for fname, frame, feats, targets in d.sides():
        for t, tgt in targets.items():
            m = tgt.present
            if m.sum() == 0 or tgt.norm[m].nunique() < 2:
                continue
            tn = tgt.norm[m].to_numpy()
            tv = tgt.num[m]
            for c in feats[:MAX_SCAN_COLUMNS]:
                scanned += 1
                f = frame[c].reset_index(drop=True)[m]
                fn = norm(f).to_numpy()
                fv = to_num(f)
                both = np.isfinite(fv) & np.isfinite(tv)
                agree = (fn == tn) | (both & np.isclose(np.where(both, fv, 0), np.where(both, tv, 0), rtol=1e-9, atol=0))
                rate = float(agree.mean())
                if rate >= min_agree and len(set(fn[agree])) >= 2:
                    found.append({"file": fname, "column": c, "target": t, "agreement": rate, "rows": int(m.sum())})
    for f in found:
        d.flagged.setdefault(f["column"], "target-copy")
    if found:
        msgs = []
        for f in found:
            where = f"{f['file']} column {col(f['column'])}"
            against = f"target {col(f['target'])}" + (" (answers.csv)" if f["file"] == "test.csv" else "")
            msgs.append(f"{where} is a copy of {against}: equal on {pct(f['agreement'])} of {f['rows']} rows")
        return result(False, "; ".join(msgs), drop=[f["column"] for f in found], found=found)
    return result(True, f"no feature equals a target (threshold {pct(min_agree)} of rows equal; {scanned} column comparisons)")
