"""target-identity, near: the target within a few percent of a product or ratio of two inputs with
unit exponents (a·b, a/b or b/a, times a constant) on nearly every row. ggplot2's txhousing `sales`
≈ `volume` / `median`: a month's total value of sales over their median price is their number, up
to the gap between the mean and the median price, so no exact fit reaches identityMinR2, yet the
log fit with the exponents held at ±1 does reach identityNearMinR2. Measured inputs do not combine
that tightly with exponents fixed at one (the bar's reasoning is in leakage.ts, from the honest
regression tasks of smith-v2). Only the constant is fitted, in logs, on the sampled rows where the
target and both inputs are nonzero; each finding is re-measured on every train.csv row.

The input closer to the target on its own goes (`volume`: the total of the sales holds their
count), the other stays an ordinary predictor (`median`, a price); the search goes on without it."""
import numpy as np

from .fit_spaces import spaces
from .report import col, num, pct

FORMS = ((1, 1), (1, -1), (-1, 1))


def pair_r2(space):
    """(R², i, j, sign i, sign j) of every unit-exponent pair form: the residual variance of
    log y − s_i·log x_i − s_j·log x_j from one covariance matrix, the constant being its mean."""
    c = np.cov(np.column_stack([space.y, space.x]), rowvar=False, bias=True)
    vy, cy, cx = c[0, 0], c[0, 1:], c[1:, 1:]
    if vy <= 0:
        return []
    i, j = np.triu_indices(len(space.names), 1)
    out = []
    for si, sj in FORMS:
        resid = vy + cx[i, i] + cx[j, j] - 2 * si * cy[i] - 2 * sj * cy[j] + 2 * si * sj * cx[i, j]
        out += [(1 - r / vy, int(a), int(b), si, sj) for r, a, b in zip(resid, i, j)]
    return out


def form_text(names, signs):
    """a × b, a / b or b / a: the inputs with exponent +1 over those with −1."""
    top = [n for n, s in zip(names, signs) if s > 0]
    bottom = [n for n, s in zip(names, signs) if s < 0]
    return " × ".join(top) + (f" / {' / '.join(bottom)}" if bottom else "")


def measure(d, target, names, signs):
    """The near-identity on every train.csv row where the target and both inputs are nonzero: its
    constant, R² in logs, and the relative error's median and 95th percentile."""
    y = d.train_targets[target].num
    x = np.column_stack([d.number(c) for c in names])
    ok = np.isfinite(y) & np.isfinite(x).all(axis=1) & (y != 0) & (x != 0).all(axis=1)
    ly, lx = np.log(np.abs(y[ok])), np.log(np.abs(x[ok]))
    r = ly - lx @ np.array(signs, dtype=float)
    const = float(np.mean(r))
    rel = np.abs(np.expm1(r - const))
    text = f"{target} ≈ {num(float(np.exp(const)))} × {form_text(names, signs)}"
    if (y[ok] < 0).any() or (x[ok] < 0).any():
        text += " (in absolute values)"
    return {"formula": text, "r2": 1 - float(np.var(r)) / float(np.var(ly)), "rows": int(ok.sum()), "constant": float(np.exp(const)),
            "medianRelativeError": float(np.median(rel)), "p95RelativeError": float(np.quantile(rel, 0.95))}


def near_identities(d, target, inputs, o, dropped):
    """Unit-exponent products and ratios of two inputs reaching identityNearMinR2 in logs, the
    tightest first, each with the column to drop, until none is left among the other columns; and
    the tightest form of all (its R² and formula on the sample), the evidence when none reaches it."""
    if d.objective == "forecasting":
        # Trending series share their trend in logs: a ratio of two of them tracks a third's level.
        return [], None
    log = [s for s in spaces(inputs, o["identityMaxMissing"]) if s.name == "log"]
    if not log:
        return [], None
    space = log[0]
    strength = np.abs(space.corr.r)
    forms = sorted((h for h in pair_r2(space) if not {space.names[h[1]], space.names[h[2]]} & set(dropped)), key=lambda h: -h[0])
    if not forms:
        return [], None
    r2, i, j, si, sj = forms[0]
    best = {"r2": float(r2), "form": form_text([space.names[i], space.names[j]], (si, sj))}
    hits = [h for h in forms if h[0] >= o["identityNearMinR2"]]
    found, used = [], set(dropped)
    for r2, i, j, si, sj in hits:
        names = [space.names[i], space.names[j]]
        if used & set(names):
            continue
        drop = names[0] if strength[i] >= strength[j] else names[1]
        found.append({"kind": "near-identity", "space": "log", "columns": names, "drop": drop, "sampleR2": float(r2), **measure(d, target, names, (si, sj))})
        used.add(drop)
    return found, best


def near_message(d, f):
    return (f"{d.train_name} columns {', '.join(col(c) for c in f['columns'])} nearly reproduce target {col(f['target'])}: {f['formula']} "
            f"(R² of the log fit {num(f['r2'], 4)} on {f['rows']} rows; relative error median {pct(f['medianRelativeError'])}, "
            f"95th percentile {pct(f['p95RelativeError'])}); drop {col(f['drop'])}")
