"""id-order: ids or row order that sort with the target."""
import numpy as np
import pandas as pd
from scipy import stats

from .report import col, pct, pval, result
from .values import natural_key

def order_association(key, tgt, idx, o, rng):
    """Statistics of how far sorting rows by `key` sorts them by the target, over rows `idx`."""
    n = len(idx)
    if n < 10 or np.unique(key).size < 2:
        return None
    if tgt.kind == "numeric" or (tgt.kind == "class" and tgt.ordinal):
        y = tgt.num[idx] if tgt.kind == "numeric" else tgt.codes[idx].astype(float)
        if np.unique(y).size < 2:
            return None
        rho, p = stats.spearmanr(key, y)
        rho, p = float(rho), float(p)
        flagged = rho * rho >= o["idOrderMaxRankR2"] and p < o["idOrderMaxP"]
        return {"statistic": "spearman", "rho": rho, "p": p, "rows": n, "flagged": flagged,
                "evidence": f"Spearman ρ = {rho:.3f} ({pval(p)}, {n} rows)"}
    if tgt.kind != "class":
        return None
    y = pd.factorize(tgt.codes[idx])[0]
    k = int(y.max()) + 1
    if k < 2:
        return None
    ranks = stats.rankdata(key)
    groups = [ranks[y == c] for c in range(k)]
    h, p = stats.kruskal(*groups)
    eps2 = float(h / (n - 1))
    # Adjacency: the share of neighbours (in key order) with the same class, above chance.
    ys = y[np.argsort(key, kind="stable")]
    same = float((ys[1:] == ys[:-1]).mean())
    freq = np.bincount(y) / n
    expected = float((freq * freq).sum())
    kappa = (same - expected) / (1 - expected) if expected < 1 else 0.0
    # Null distribution of that share under random orders (seeded permutations): how many standard
    # deviations above chance the observed share is.
    perms = rng.permuted(np.tile(ys, (o["permutations"], 1)), axis=1)
    null_same = (perms[:, 1:] == perms[:, :-1]).mean(axis=1)
    sd = float(null_same.std())
    z = (same - float(null_same.mean())) / sd if sd > 0 else 0.0
    by_rank = eps2 >= o["idOrderMaxRankR2"] and p < o["idOrderMaxP"]
    by_adjacency = kappa >= o["idOrderMaxAdjacency"] and z >= o["idOrderMinZ"]
    evidence = (
        f"neighbours in that order share their class {pct(same)} of the time vs {pct(expected)} at random (κ = {kappa:.2f}, z = {z:.1f}); "
        f"rank ε² = {eps2:.2f} (Kruskal-Wallis {pval(float(p))}, {n} rows)"
    )
    return {"statistic": "class-order", "epsilon2": eps2, "p": float(p), "adjacency": same, "expectedAdjacency": expected,
            "kappa": kappa, "z": z, "rows": n, "flagged": bool(by_rank or by_adjacency), "evidence": evidence}


def check_id_order(d):
    o = d.opt
    if d.objective == "forecasting" or d.modality == "time-series":
        return result(True, "skipped: in time-series and forecasting tasks rows and ids follow time by design")
    rng = np.random.default_rng(o["seed"])
    findings, notes = [], []

    def sample(n):
        idx = np.arange(n)
        if n > o["sampleRows"]:
            idx = np.sort(rng.choice(n, o["sampleRows"], replace=False))  # sorted: keeps the order under test
        return idx

    sources = []
    for fname, frame, _, targets in d.sides():
        for t, tgt in targets.items():
            ok_rows = tgt.present if tgt.kind != "class" else tgt.present & (tgt.codes >= 0)
            rows = np.flatnonzero(ok_rows)
            if d.id in frame.columns:
                ids = natural_key(frame[d.id].reset_index(drop=True))
                sources.append((fname, f"id column {col(d.id)}", ids, tgt, rows, t))
                increasing = bool(np.all(np.diff(ids) > 0))
            else:
                notes.append(f"{fname} has no id column {col(d.id)}")
                increasing = False
            if increasing:
                notes.append(f"{fname} rows are in id order: row order tested with the id")
            else:
                sources.append((fname, "row order", np.arange(len(frame), dtype=float), tgt, rows, t))
    tested = []
    for fname, what, key, tgt, rows, t in sources:
        idx = rows[sample(len(rows))]
        stat = order_association(key[idx], tgt, idx, o, rng)
        if stat is None:
            continue
        against = f"target {col(t)}" + (" (answers.csv)" if fname == "test.csv" else "")
        entry = {"file": fname, "key": what, "target": t, **stat}
        tested.append(entry)
        if stat["flagged"]:
            findings.append(f"{fname} {what} sorts with {against}: {stat['evidence']}")
    details = {"tested": tested, "notes": notes}
    if findings:
        return result(False, "; ".join(findings), **details)
    desc = "; ".join(f"{e['file']} {e['key']}: {e['evidence']}" for e in tested[:4])
    return result(True, f"ids and row order do not sort with the target ({desc})" if tested else "no id or row order to test", **details)
