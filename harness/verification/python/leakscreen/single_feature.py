"""single-feature-predictor: one feature that predicts a target almost perfectly under cross-validation."""
import numpy as np
import pandas as pd

from .report import col, num, pct, result
from .stats import cheap_score, feature_codes, oof_lookup, oof_tree, r2, splitter
from .values import CLASS_OBJECTIVES


def is_time_axis(d, column):
    """In a forecast, the time axis: no test value comes before a training value (a boundary period may be split)."""
    if column not in d.test.columns:
        return False
    train, test = d.train[column], d.test[column]
    for parse in (lambda s: pd.to_numeric(s, errors="coerce"), lambda s: pd.to_datetime(s, errors="coerce")):
        a, b = parse(train), parse(test)
        if len(a) and len(b) and a.notna().all() and b.notna().all():
            return bool(b.min() >= a.max() and b.max() > a.max())
    return False


def check_single_feature(d):
    o = d.opt
    rng = np.random.default_rng(o["seed"])
    found, examined, skipped = [], [], {}
    for t, tgt in d.train_targets.items():
        if tgt.kind not in ("class", "numeric"):
            skipped[t] = f"target kind {tgt.kind}"
            continue
        rows = np.flatnonzero(tgt.present & (tgt.codes >= 0) if tgt.kind == "class" else tgt.present)
        if len(rows) > o["sampleRows"]:
            rows = np.sort(rng.choice(rows, o["sampleRows"], replace=False))
        if len(rows) < 10:
            continue
        classification = tgt.kind == "class"
        if classification:
            y = pd.factorize(tgt.codes[rows])[0]
            k = int(y.max()) + 1
            if k < 2:
                continue
            majority = float(np.bincount(y).max() / len(y))
            # Bounded by leaves, not depth: gini peels one class off per split on a single feature, so
            # a perfect predictor of 10 classes needs depth 9, where a depth of log2(k) + 2 scored 0.85.
            depth, leaves = None, 2 * k
            need = max(o["predictorMinAccuracy"], majority + o["predictorMinErrorReduction"] * (1 - majority))
        else:
            y = tgt.num[rows]
            if y.std() == 0:
                continue
            k, majority, depth, leaves, need = 0, None, 6, None, o["predictorMinR2"]
        frame = d.train.iloc[rows].reset_index(drop=True)
        candidates = []
        for c in d.features:
            kind = d.kinds[c]
            if kind in ("text", "path", "empty"):
                skipped[c] = f"{kind} column"
                continue
            if c in d.flagged:
                skipped[c] = f"reported by {d.flagged[c]}"
                continue
            # The time axis fits the training period by construction; the test rows all lie after it.
            if d.objective == "forecasting" and is_time_axis(d, c):
                skipped[c] = "the time axis of a forecast (no test row comes before the training period)"
                continue
            x, codes = feature_codes(frame[c], kind)
            if codes.max() < 1:
                continue
            candidates.append((c, x, codes))
        if len(candidates) > o["maxFeatures"]:
            scored = sorted(candidates, key=lambda e: -cheap_score(e[2], y, classification))
            for c, _, _ in scored[o["maxFeatures"] :]:
                skipped[c] = f"past the cap of {o['maxFeatures']} features (ranked by in-sample association)"
            candidates = scored[: o["maxFeatures"]]
        splits = splitter(y, classification, o["folds"], o["seed"])
        for c, x, codes in candidates:
            pred = oof_tree(x, y, classification, splits, depth=depth, leaves=leaves)
            score = float((pred == y).mean()) if classification else r2(y, pred)
            how = f"tree of up to {leaves} leaves" if leaves else f"depth-{depth} tree"
            if codes.max() + 1 <= len(y) / 2:  # discrete enough for a lookup table to generalise
                lp = oof_lookup(codes, y, classification, splits, k)
                ls = float((lp == y).mean()) if classification else r2(y, lp)
                if ls > score:
                    score, how = ls, "lookup table of its values"
            examined.append({"column": c, "target": t, "score": score})
            d.single_scores.setdefault(t, []).append({"column": c, "score": score})
            d.single_majority[t] = majority
            if score >= need:
                found.append({"column": c, "target": t, "score": score, "model": how, "majority": majority, "rows": len(y), "folds": len(splits), "threshold": need})
    for f in found:
        d.flagged.setdefault(f["column"], "single-feature-predictor")
    examined.sort(key=lambda e: -e["score"])
    details = {"examined": len(examined), "best": examined[:5], "skipped": skipped}
    if not found:
        best = examined[0] if examined else None
        tail = f"; best {col(best['column'])} scores {num(best['score'])}" if best else ""
        metric = "accuracy" if d.objective in CLASS_OBJECTIVES else "R²"
        return result(True, f"no single feature predicts the target (cross-validated {metric} below the threshold; {len(examined)} features examined{tail})", **details)
    msgs = []
    for f in found:
        if f["majority"] is not None:
            ev = f"{pct(f['score'])} cross-validated accuracy ({f['model']}, {f['folds']} folds, {f['rows']} rows; majority class {pct(f['majority'])}, threshold {pct(f['threshold'])})"
        else:
            ev = f"cross-validated R² = {f['score']:.4f} ({f['model']}, {f['folds']} folds, {f['rows']} rows; threshold {f['threshold']})"
        msgs.append(f"{d.train_name} column {col(f['column'])} alone predicts target {col(f['target'])}: {ev}")
    return result(False, "; ".join(msgs), drop=[f["column"] for f in found], found=found, **details)
