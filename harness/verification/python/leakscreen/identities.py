"""target-identity: the target reproduced exactly (to rounding) by two or three inputs (a sum, a
difference, a product, a ratio, a linear or power-law combination), by many inputs together as
the components of a total (or as rates whose total, times an exposure, is the target), or by a
rounded or clipped formula of one or two inputs (the target never falls as their combination rises). Fitted on a seeded sample as least squares in two spaces, raw values
(sums and differences) and logarithms of absolute values (products, ratios, powers); each finding is
then re-measured on every train.csv row.

Each identity is broken by dropping one of its columns: the one carrying the most weight in the fit
(for AVSALK = AVYRSEXP_AVSAL / AVYRSEXP that is the interaction AVYRSEXP_AVSAL, not the plain input).
A target that is the total of its parts (every part with a positive weight: mortDK's deaths from
the 15 cause-specific rates) loses all of them: without one, the rest is still most of the answer,
and predicting a total from its parts is no task; a target that is one part (a total minus the
others) loses the total alone.
After a drop the search goes on among the remaining columns, so a target reachable several ways
(AVSALK is also PERMINTE_AVSAL / PERMINTE) loses every route."""
import numpy as np

from .fit_spaces import spaces
from .inputs import Inputs
from .linear import Correlations, backward, fit, r2_of, subsets
from .near_identity import near_identities, near_message
from .report import col, num, pct, result
from .stats import monotone_exceptions


def candidates(space, k, min_r2, max_triple_columns):
    """Column subsets of size k (2 or 3) whose R² reaches min_r2."""
    p = len(space.names)
    if p < k:
        return []
    pairs = subsets(p, 2)
    pr2, pb = space.corr.r2(pairs)
    if k == 2:
        chosen, r2, b = pairs, pr2, pb
    else:
        potential = np.full(p, -np.inf)
        np.maximum.at(potential, pairs[:, 0], pr2)
        np.maximum.at(potential, pairs[:, 1], pr2)
        among = np.argsort(-potential)[:max_triple_columns]
        chosen = subsets(p, 3, among)
        r2, b = space.corr.r2(chosen)
    hit = np.flatnonzero(r2 >= min_r2)
    return [(space, [int(j) for j in chosen[i]], float(r2[i]), b[i]) for i in hit]


def formula(target, space, names, coef, intercept, y, signed=False):
    """The identity as text: exact operators when every coefficient is ±1 and nothing is added
    (or multiplied) on top, the fitted numbers otherwise."""
    scale = abs(float(np.mean(y))) + float(np.std(y))
    unit = all(abs(abs(c) - 1) <= 1e-3 for c in coef) and abs(intercept) <= 1e-3 * max(scale, 1e-12)
    order = sorted(range(len(names)), key=lambda i: coef[i] < 0)  # positive terms first
    if space == "raw":
        if unit:
            parts = [("" if coef[i] > 0 else "−") + names[i] if n == 0 else ("+ " if coef[i] > 0 else "− ") + names[i] for n, i in enumerate(order)]
            return f"{target} = {' '.join(parts)}", True
        terms = " + ".join(f"{num(coef[i])}·{names[i]}" for i in range(len(names)))
        return f"{target} ≈ {terms} + {num(intercept)}", False
    if unit:
        top = [names[i] for i in order if coef[i] > 0] or ["1"]
        bottom = [names[i] for i in order if coef[i] < 0]
        bar = (lambda n: f"|{n}|") if signed else (lambda n: n)
        return f"{bar(target)} = {' × '.join(map(bar, top))}" + (f" / {' / '.join(map(bar, bottom))}" if bottom else ""), True
    terms = " × ".join(f"{names[i]}^{num(coef[i], 3)}" for i in range(len(names)))
    return f"{target} ≈ {num(float(np.exp(intercept)))} × {terms}" + (" (in absolute values)" if signed else ""), False


def measure(d, target, space, names):
    """The identity refitted on every train.csv row where its columns are present: its formula and
    the largest error relative to the target's value (or, for sums, to its spread)."""
    y = d.train_targets[target].num
    x = np.column_stack([d.number(c) for c in names])
    ok = np.isfinite(y) & np.isfinite(x).all(axis=1)
    if space == "log":
        ok &= (y != 0) & (x != 0).all(axis=1)
    y, x = y[ok], x[ok]
    if space == "log":
        coef, intercept, resid = fit(np.log(np.abs(x)), np.log(np.abs(y)))
        text, exact = formula(target, space, names, coef, intercept, np.log(np.abs(y)), signed=bool((y < 0).any() or (x < 0).any()))
        if exact:
            coef, intercept = np.round(coef), 0.0
        pred = np.exp(intercept + np.log(np.abs(x)) @ coef)
        err = float(np.max(np.abs(np.abs(y) - pred) / np.abs(y)))
        what = "relative error"
        r2 = r2_of(np.log(np.abs(y)), resid)
    else:
        coef, intercept, resid = fit(x, y)
        text, exact = formula(target, space, names, coef, intercept, y)
        pred = x @ np.round(coef) if exact else x @ coef + intercept
        spread = float(np.std(y)) or 1.0
        err = float(np.max(np.abs(y - pred)) / spread)
        what = "error relative to the target's standard deviation"
        r2 = r2_of(y, resid)
    return {"formula": text, "exact": exact, "maxError": err, "error": what, "rows": int(ok.sum()), "r2": r2,
            "coefficients": {n: float(c) for n, c in zip(names, coef)}, "intercept": float(intercept)}


def small_identities(inputs, o):
    """Identities of two or three inputs, each with the column to drop, until none is left."""
    pool = [(k, *hit) for space in spaces(inputs, o["identityMaxMissing"]) for k in (2, 3)
            for hit in candidates(space, k, o["identityMinR2"], o["identityTripleColumns"])]
    pool.sort(key=lambda e: (e[0], -e[3]))  # pairs before triples, the tightest first
    found = []
    dropped = set()
    for k, s, cols, r2, b in pool:
        names = [s.names[j] for j in cols]
        if dropped & set(names):
            continue
        drop = names[int(np.argmax(np.abs(b)))]
        found.append({"kind": "identity", "space": s.name, "columns": names, "drop": drop, "sampleR2": r2})
        dropped.add(drop)
    return found, dropped


def totals(inputs, o, dropped):
    """Components of a total: the target as a linear combination of more than three inputs."""
    names, x, rows = inputs.numeric(o["identityMaxMissing"])
    keep = [j for j, n in enumerate(names) if n not in dropped]
    found = []
    y = inputs.y[rows]
    while len(keep) > 3 and len(y) >= len(keep) + 20:
        corr = Correlations(x[:, keep], y)
        r2, b = corr.r2([list(range(len(keep)))])
        if r2[0] < o["identityMinR2"]:
            break
        support = backward(corr, range(len(keep)), o["identityMinR2"])
        if len(support) <= 3:
            break  # small identities are found (and broken) above; past the triple pruning, stop
        sub_r2, sub_b = corr.r2([support])
        cols = [names[keep[j]] for j in support]
        drop = cols[int(np.argmax(np.abs(sub_b[0])))]
        found.append({"kind": "total", "space": "raw", "columns": cols, "drop": drop, "sampleR2": float(sub_r2[0]), **parts_of(cols, sub_b[0])})
        keep = [j for j in keep if names[j] not in removed(found[-1])]
    return found


def parts_of(cols, coef):
    """The parts a target totals, when every term adds to it ({} when the target is one part of a total)."""
    return {"parts": list(cols)} if len(cols) > 1 and all(c > 0 for c in coef) else {}


def removed(f):
    """The columns a finding drops: all the parts of a total, else its one column."""
    return f.get("parts") or [f["drop"]]


def dropping(f):
    if not f.get("parts"):
        return f"drop {col(f['drop'])}"
    return f"drop all of {', '.join(col(c) for c in f['parts'])} (the target is their total: without one of them the rest is still most of it)"


def rounded_formulas(inputs, o, dropped):
    """The target a rounded (or clipped) function of one or two inputs' linear combination, in raw
    values or logs: survey's apisrs `target` = round(0.05 × (800 − api99)) with api99 = `api00` −
    `growth` (R² 0.997: the rounding is a twentieth of its spread, so no identity fit reaches 0.9999).
    Such a target never falls as the combination rises, save on a few rows; a measured relation,
    however strong, crosses itself all along. Candidates are the fits reaching identityFormulaMinR2,
    the tightest identityFormulaCandidates of them; each found formula loses its heaviest column.
    Not for forecasts: a trending series never falls along its time index, and that is the task."""
    if inputs.d.objective == "forecasting":
        return []
    pool = []
    for space in spaces(inputs, o["identityMaxMissing"]):
        if np.unique(space.y).size < o["identityFormulaMinDistinct"]:
            continue
        singles = [(space, [j], float(space.corr.r[j] ** 2), np.array([space.corr.r[j]])) for j in range(len(space.names))]
        pool += [c for c in singles if c[2] >= o["identityFormulaMinR2"]] + candidates(space, 2, o["identityFormulaMinR2"], o["identityTripleColumns"])
    pool.sort(key=lambda e: -e[2])
    found, used = [], set(dropped)
    for space, cols, r2, b in pool[: o["identityFormulaCandidates"]]:
        names = [space.names[j] for j in cols]
        if used & set(names):
            continue
        x = space.x[:, cols]
        z = ((x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1)) @ b
        off = monotone_exceptions(z, space.y)
        if off <= o["identityFormulaMaxExceptions"] * len(z):
            drop = names[int(np.argmax(np.abs(b)))]
            coef, intercept, _ = fit(x, space.y)
            weights = " + ".join(f"{num(c)}·{n}" for c, n in zip(coef, names)) + f" + {num(intercept)}"
            found.append({"kind": "rounded-formula", "space": space.name, "columns": names, "drop": drop, "sampleR2": r2, "exceptions": off,
                          "rows": len(z), "formula": weights if space.name == "raw" else f"{weights} (in logs)"})
            used.add(drop)
    return found


def resolution(values):
    """The step a column's values are written to: the largest power of ten (1000 down to 1e-6) all of
    them are multiples of (46.0 is a whole number), 0 when none is (a measurement in full precision)."""
    v = values[np.isfinite(values)]
    for k in range(3, -7, -1):
        # Within a float32's precision of a multiple: apisrs's avg.ed 1.909999966621399 is 1.91.
        step = 10.0**k
        if np.all(np.abs(v - np.round(v / step) * step) <= np.minimum(1e-6 * np.maximum(1, np.abs(v)), 0.01 * step)):
            return step
    return 0.0


def rounded_totals(inputs, o, dropped):
    """Components of a total written rounded: the target within the rounding of each term of a
    linear combination of inputs, on most rows. apisrs's parents' education shares (whole percents)
    add to 100 ± 1, and to 0 on the 7 schools that did not report it, so `hsg` = 100 − `not.hsg` −
    `some.col` − `col.grad` − `grad.sch` fails every least-squares bar. The fit is refitted on the rows
    it holds on; a row holds when off by no more than half a step of the target and of each term
    (the file's resolution); the holding rows' errors must be what rounding makes (their RMS within
    1.5 × that of uniform rounding), and the rounding small beside the target's spread."""
    names, x, rows = inputs.numeric(o["identityMaxMissing"])
    keep = [j for j, n in enumerate(names) if n not in dropped]
    y = inputs.y[rows]
    # Ten rows a term at least: with fewer, a fit can bend within the rounding on its own.
    if len(keep) < 3 or len(y) < max(o["identityMinRows"], 10 * len(keep)) or np.unique(y).size < o["identityFormulaMinDistinct"]:
        return []
    step = {n: resolution(x[:, j]) for j, n in enumerate(names)}
    step_y = resolution(y)
    spread = float(np.std(y))
    found = []
    while len(keep) >= 3:
        xs = x[:, keep]
        steps = np.array([step[names[j]] for j in keep])
        tolerance = lambda c: 0.5 * (step_y + np.abs(c) @ steps) + 1e-9 * spread
        holds = np.ones(len(y), dtype=bool)
        for _ in range(4):  # refitted on the rows it holds on: the rows it misses (apisrs's zeros) bend a fit on all
            coef, intercept, resid = fit(xs[holds], y[holds])
            holds = np.abs(y - xs @ coef - intercept) <= tolerance(coef)
            if holds.sum() < len(keep) + 20:
                break
        if holds.sum() < len(keep) + 20:
            break
        # A sum or difference of whole terms plus a whole constant (hsg = 100 − …), when it holds as
        # often, is the formula: the fit's bystanders, free to wander within the rounding, drop out.
        unit = np.where(np.abs(coef) >= 0.5, np.sign(coef), 0.0)
        offset = float(np.median(y - xs @ unit))
        forms = [(coef, intercept), (unit, round(offset / step_y) * step_y if step_y else offset)]
        shares = [float(np.mean(np.abs(y - xs @ c - b) <= tolerance(c))) for c, b in forms]
        pick = 1 if unit.any() and shares[1] >= shares[0] else 0
        (coef, intercept), share, tol = forms[pick], shares[pick], float(tolerance(forms[pick][0]))
        resid = y - xs @ coef - intercept
        holds = np.abs(resid) <= tol
        rounding = np.sqrt((step_y**2 + (coef**2) @ (steps**2)) / 12)
        if share < o["identityRoundedShare"] or rounding > o["identityRoundedMaxStep"] * spread or np.sqrt(np.mean(resid[holds] ** 2)) > 1.5 * rounding:
            break
        weight = np.abs(coef) * xs.std(axis=0)
        cols = [names[j] for j, w in zip(keep, weight) if w >= 1e-3 * weight.max()]
        terms = " ".join(("+ " if c > 0 else "− ") + (names[j] if abs(c) == 1 else f"{num(abs(c))}·{names[j]}") for j, c, w in zip(keep, coef, weight) if w >= 1e-3 * weight.max())
        drop = names[keep[int(np.argmax(weight))]]
        found.append({"kind": "rounded-total", "space": "raw", "columns": cols, "drop": drop, "share": share, "rows": len(y),
                      "formula": f"{num(intercept)} {terms}", "tolerance": float(tol), "rounding": float(rounding),
                      **parts_of(cols, [c for c, w in zip(coef, weight) if w >= 1e-3 * weight.max()])})
        keep = [j for j in keep if names[j] not in removed(found[-1])]
    return found


def rate_totals(d, target, inputs, o, dropped):
    """A rate times its exposure: the target divided by one positive input is a linear combination
    of others. Epi mortDK's deaths `dt` = `risk` × (`r1` + … + `r15`) / 1000, person-years times the
    cause-specific rates per 1000 (a product of a column and a sum, so neither the log fits nor the
    raw ones see it). Exposures are the identityExposures positive inputs closest to the target in
    logs; each found total loses its heaviest component, and the search goes on, as for totals."""
    names, x, rows = inputs.numeric(o["identityMaxMissing"])
    y = inputs.y[rows]
    positive = [j for j, n in enumerate(names) if n not in dropped and (x[:, j] > 0).all()]
    if len(names) < 4 or not positive or not (y != 0).any():
        return []
    ly = np.log(np.abs(np.where(y != 0, y, 1)))
    closeness = [abs(np.corrcoef(ly, np.log(x[:, j]))[0, 1]) for j in positive]
    found = []
    for e in [positive[i] for i in np.argsort(-np.nan_to_num(closeness))[: o["identityExposures"]]]:
        keep = [j for j, n in enumerate(names) if j != e and n not in dropped]
        z = y / x[:, e]
        while len(keep) >= 2 and len(z) >= len(keep) + 20:
            corr = Correlations(x[:, keep], z)
            if corr.r2([list(range(len(keep)))])[0][0] < o["identityMinR2"]:
                break
            if len(backward(corr, range(len(keep)), o["identityMinR2"])) < 2:
                break  # one rate times the exposure is a product, found in logs
            # Every component is named (the small rates matter to the sum even when R² can spare them),
            # bystanders with a negligible weight are not.
            signed = corr.r2([list(range(len(keep)))])[1][0]
            b = np.abs(signed)
            cols = [names[j] for j, w in zip(keep, b) if w >= 1e-3 * b.max()]
            drop = names[keep[int(np.argmax(b))]]
            # The exposure stays: person-years are what a rate model of deaths is given.
            found.append({"kind": "rate-total", "exposure": names[e], "columns": [names[e]] + cols, "drop": drop, **measure_rate(d, target, names[e], cols),
                          **parts_of(cols, [c for c, w in zip(signed, b) if w >= 1e-3 * b.max()])})
            keep = [j for j in keep if names[j] not in removed(found[-1])]
        if found:
            break  # one exposure is enough to name the leak
    return found


def measure_rate(d, target, exposure, names):
    """A rate total refitted on every train.csv row: its formula and largest error relative to the target."""
    y, e = d.train_targets[target].num, d.number(exposure)
    x = np.column_stack([d.number(c) for c in names])
    ok = np.isfinite(y) & (e > 0) & np.isfinite(x).all(axis=1) & (y != 0)
    coef, intercept, _ = fit(x[ok], y[ok] / e[ok])
    pred = e[ok] * (x[ok] @ coef + intercept)
    scale = float(np.median(np.abs(coef)))
    inner = " + ".join(names) if np.allclose(coef, scale, rtol=0.02) else " + ".join(f"{num(c)}·{n}" for c, n in zip(coef, names))
    factor = f"{num(scale)} × " if np.allclose(coef, scale, rtol=0.02) else ""
    return {"formula": f"{target} ≈ {exposure} × {factor}({inner})", "maxError": float(np.max(np.abs(y[ok] - pred)) / (float(np.std(y[ok])) or 1.0)),
            "error": "error relative to the target's standard deviation", "rows": int(ok.sum())}


def partial_identities(inputs, o, dropped):
    """An exact product or ratio of one or two inputs (times a constant) that holds on most rows but
    not all: CreditCard's expenditure = 833.33 × share × income on 85% of its nonzero rows, the rest
    off by rounding or data errors, so no least-squares fit reaches identityMinR2. Unit exponents
    only; the constant is the median of the log residuals, and a row holds when within the tolerance.
    Holding rows must vary (identityPartialMinDistinct target values), so coinciding small counts
    are no identity."""
    names, x, rows = inputs.numeric(o["identityMaxMissing"])
    keep = [j for j, n in enumerate(names) if n not in dropped]
    y = inputs.y[rows]
    nz = (y != 0) & (x[:, keep] != 0).all(axis=1) if keep else np.zeros(len(y), dtype=bool)
    if nz.sum() < o["identityMinRows"] or not keep:
        return []
    ly = np.log(np.abs(y[nz]))
    lx = np.log(np.abs(x[nz][:, keep]))
    tol = np.log1p(o["identityPartialTolerance"])
    forms = [((j,), (1,)) for j in range(len(keep))]
    # Pairs among the inputs most correlated with the target in logs, as for triples above.
    strength = np.nan_to_num(np.abs([np.corrcoef(ly, lx[:, j])[0, 1] if lx[:, j].std() > 0 else 0.0 for j in range(len(keep))]))
    among = sorted(np.argsort(-strength)[: o["identityTripleColumns"]].tolist())
    forms += [((i, j), (a, b)) for n, i in enumerate(among) for j in among[n + 1:] for a in (1, -1) for b in (1, -1)]
    found, used = [], set()
    best = []
    for cols, signs in forms:
        r = ly - sum(sgn * lx[:, c] for c, sgn in zip(cols, signs))
        holds = np.abs(r - np.median(r)) <= tol
        share = float(holds.mean())
        if share >= o["identityPartialShare"] and np.unique(ly[holds]).size >= o["identityPartialMinDistinct"]:
            best.append((share, cols, signs, float(np.exp(np.median(r)))))
    best.sort(key=lambda e: (len(e[1]), -e[0]))  # single inputs first, then the pairs that hold most often
    for share, cols, signs, const in best:
        cs = [names[keep[c]] for c in cols]
        if used & set(cs):
            continue
        top = [n for n, sgn in zip(cs, signs) if sgn > 0] or ["1"]
        bottom = [n for n, sgn in zip(cs, signs) if sgn < 0]
        text = f"{num(const)} × {' × '.join(top)}" + (f" / {' / '.join(bottom)}" if bottom else "")
        # The input closer to the target on its own goes (CreditCard's share, made from expenditure);
        # the other stays an ordinary predictor (income).
        drop = cs[max(range(len(cols)), key=lambda n: strength[cols[n]])]
        found.append({"kind": "partial-identity", "space": "log", "columns": cs, "drop": drop, "share": share, "formula": text, "rows": int(nz.sum())})
        used.update(cs)
    return found


def check_identities(d):
    o = d.opt
    found, tested = [], []
    for t, tgt in d.train_targets.items():
        if tgt.kind != "numeric":
            continue
        inputs = Inputs(d, t, o["identityRows"])
        if inputs.n < o["identityMinRows"]:
            continue
        small, dropped = small_identities(inputs, o)
        for f in small + totals(inputs, o, dropped):
            found.append({"target": t, **f, **measure(d, t, f["space"], f["columns"])})
        for f in rate_totals(d, t, inputs, o, dropped | {f["drop"] for f in found if f["target"] == t}):
            found.append({"target": t, **f})
        # One or two inputs before many, as for exact identities.
        for f in rounded_formulas(inputs, o, dropped | {f["drop"] for f in found if f["target"] == t}):
            found.append({"target": t, **f})
        for f in rounded_totals(inputs, o, dropped | {f["drop"] for f in found if f["target"] == t}):
            found.append({"target": t, **f})
        for f in partial_identities(inputs, o, dropped | {f["drop"] for f in found}):
            found.append({"target": t, **f})
        near, best = near_identities(d, t, inputs, o, {c for f in found for c in removed(f)})
        found += [{"target": t, **f} for f in near]
        tested.append({"target": t, "rows": inputs.n, "columns": len([c for c in inputs.names if inputs.kinds[c] == "numeric"]),
                       **({"bestUnitPair": best} if best else {})})
    drop = list(dict.fromkeys(c for f in found for c in removed(f)))
    for c in drop:
        d.flagged.setdefault(c, "target-identity")
    if not found:
        where = "; ".join(f"{e['columns']} numeric inputs on {e['rows']} rows for {col(e['target'])}" for e in tested) or "no numeric target"
        near = "; ".join(f"{col(e['target'])} ≈ {e['bestUnitPair']['form']}, R² {num(e['bestUnitPair']['r2'], 4)}" for e in tested if "bestUnitPair" in e)
        near = f"; no product or ratio of two nears it (R² of the log fit ≥ {o['identityNearMinR2']}; closest: {near})" if near else ""
        return result(True, f"no two or three inputs, and no linear combination of inputs, reproduce the target (R² ≥ {o['identityMinR2']}; {where}){near}", tested=tested)
    msgs = []
    for f in found:
        if f["kind"] == "near-identity":
            msgs.append(near_message(d, f))
            continue
        if f["kind"] == "partial-identity":
            msgs.append(f"{d.train_name} columns {', '.join(col(c) for c in f['columns'])} reproduce target {col(f['target'])} on "
                        f"{f['share']:.0%} of its {f['rows']} nonzero rows: {col(f['target'])} = {f['formula']} (within {o['identityPartialTolerance']:.1%}); drop {col(f['drop'])}")
            continue
        if f["kind"] == "rounded-total":
            msgs.append(f"{d.train_name} columns {', '.join(col(c) for c in f['columns'])} are components of a total that gives target {col(f['target'])} to the file's rounding: "
                        f"{col(f['target'])} = {f['formula']} within {num(f['tolerance'], 3)} (half a step of each term) on {pct(f['share'])} of {f['rows']} sampled rows; {dropping(f)}")
            continue
        if f["kind"] == "rounded-formula":
            msgs.append(f"{d.train_name} columns {', '.join(col(c) for c in f['columns'])} give target {col(f['target'])} to rounding: it never falls as "
                        f"{f['formula']} rises, save on {f['exceptions']} of {f['rows']} sampled rows (a rounded or clipped formula; R² of the line {num(f['sampleR2'], 4)}); drop {col(f['drop'])}")
            continue
        what = {"total": "are components of a total that gives", "rate-total": "are an exposure and the rates whose total, times it, gives"}.get(f["kind"], "reproduce")
        msgs.append(f"{d.train_name} columns {', '.join(col(c) for c in f['columns'])} {what} target {col(f['target'])}: {f['formula']} "
                    f"(max {f['error']} {f['maxError']:.2g} on {f['rows']} rows); {dropping(f)}")
    return result(False, "; ".join(msgs), drop=drop, found=found, tested=tested)
