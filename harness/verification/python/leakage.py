"""Leakage checks on a prepared task's data: the data half of the verification stack's Assertions.

Reads one JSON request on stdin (built by harness/verification/leakage.ts):
    {"train": ..., "test": ..., "answers": ..., "publicDir": ..., "idColumn": ..., "targetColumns": [...],
     "objective": ..., "modality": ..., "classes": [...] | null, "options": {...}}
and prints {"checks": [{"id", "ok", "message", "details"}, ...]} on stdout, one entry per check, in
the order of CHECKS. Only data is read: the CSV files and, for file-path columns, the files they name
inside the public directory. Nothing from the task is executed.

Every threshold comes from `options` (defaults and their reasoning live in leakage.ts). Messages name
the file, the column and the evidence, because they go back verbatim to the role that must fix them.

Run with Debian's /usr/bin/python3 (numpy, pandas, scipy, scikit-learn 1.2).
"""
import hashlib
import json
import math
import os
import re
import sys
import traceback
import warnings

import numpy as np
import pandas as pd
from scipy import stats

warnings.filterwarnings("ignore")

CHECKS = [
    "target-absent-from-test",
    "target-copy",
    "target-recoding",
    "single-feature-predictor",
    "id-order",
    "path-names-target",
    "train-test-overlap",
]

CLASS_OBJECTIVES = {"binary", "multiclass", "ordinal", "multilabel"}
NUMERIC_OBJECTIVES = {"regression", "forecasting"}
MEDIA_EXTENSIONS = {
    "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "ppm", "pgm",
    "wav", "mp3", "flac", "ogg", "txt", "md", "json", "xml", "html", "htm", "pdf", "npy", "npz", "csv", "eml",
}
# Wider than this, copy/recoding look at the first MAX_SCAN_COLUMNS features only (and say so).
MAX_SCAN_COLUMNS = 5000
# Files hashed for the overlap check at most; beyond it, paths are compared as text.
MAX_HASHED_FILES = 200_000
MAX_HASHED_BYTES = 64 * 1024 * 1024


# ---------------------------------------------------------------- formatting


def pct(x):
    """A rate as a percentage that never rounds a leak up to 100% or a clean rate down to 0%."""
    v = 100.0 * x
    if v == 100.0 or v == 0.0:
        return f"{v:.0f}%"
    s = f"{v:.1f}"
    if s == "100.0":
        s = f"{v:.2f}" if f"{v:.2f}" != "100.00" else "99.99"
    return s + "%"


def num(x, digits=4):
    if x is None or not math.isfinite(x):
        return str(x)
    return f"{x:.{digits}g}"


def pval(p):
    return "p < 1e-300" if p < 1e-300 else f"p = {p:.2g}"


def plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def col(name):
    return f"`{name}`"


def clean(o):
    """JSON-safe details: no NaN/inf, numpy scalars unwrapped."""
    if isinstance(o, dict):
        return {str(k): clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean(v) for v in o]
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating, float)):
        f = float(o)
        return f if math.isfinite(f) else None
    if isinstance(o, np.bool_):
        return bool(o)
    return o


# ---------------------------------------------------------------- values and columns


def read_csv(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def to_num(s):
    """Floats, NaN for empty or non-numeric text (and for inf)."""
    v = pd.to_numeric(s.str.strip(), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    v[~np.isfinite(v)] = np.nan
    return v


def norm(s):
    """Text normalised for comparison: NFKC, trimmed, lower case, inner whitespace collapsed."""
    return s.str.normalize("NFKC").str.strip().str.lower().str.replace(r"\s+", " ", regex=True)


def inside(public_dir, rel):
    """The absolute path of `rel` when it is a file inside public_dir, else None (no escaping it)."""
    if not rel or "\x00" in rel:
        return None
    full = os.path.realpath(os.path.join(public_dir, rel))
    root = os.path.realpath(public_dir)
    if not full.startswith(root + os.sep) or not os.path.isfile(full):
        return None
    return full


def column_kind(values, public_dir):
    """numeric, path (names files), text (free text), categorical, or empty."""
    nonempty = values[values.str.strip() != ""]
    if len(nonempty) == 0:
        return "empty"
    if np.isfinite(to_num(nonempty)).all():
        return "numeric"
    sample = nonempty.sample(500, random_state=0) if len(nonempty) > 500 else nonempty
    pathlike = sample.str.fullmatch(r"[^\s]{1,255}") & (
        sample.str.contains("/", regex=False) | sample.str.contains("\\", regex=False) | sample.str.contains(r"\.[A-Za-z0-9]{1,5}$", regex=True)
    )
    if pathlike.mean() >= 0.9:
        ext = sample.str.lower().str.extract(r"\.([a-z0-9]{1,5})$")[0]
        media = ext.isin(MEDIA_EXTENSIONS).mean()
        probe = sample.head(100)
        exists = np.mean([inside(public_dir, v) is not None for v in probe]) if public_dir else 0.0
        if media >= 0.9 or exists >= 0.5:
            return "path"
    if sample.str.len().mean() >= 50 or sample.str.split().str.len().median() >= 5:
        return "text"
    return "categorical"


def natural_key(s):
    """Sort keys for ids: numbers when every id is one, else a natural-order rank of the text."""
    v = to_num(s)
    if np.isfinite(v).all():
        return v
    def key(x):
        return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", x)]
    order = sorted(range(len(s)), key=lambda i: key(s.iloc[i]))
    ranks = np.empty(len(s))
    ranks[order] = np.arange(len(s))
    return ranks


class Target:
    """One target column on a frame's rows: normalised text, numbers, class codes."""

    def __init__(self, name, raw, objective, classes):
        self.name = name
        self.raw = raw.reset_index(drop=True)
        self.norm = norm(self.raw)
        self.present = (self.norm != "").to_numpy()
        nums = to_num(self.raw)
        self.kind = "other"
        if objective in CLASS_OBJECTIVES:
            self.kind = "class"
        elif objective in NUMERIC_OBJECTIVES and np.isfinite(nums[self.present]).all():
            self.kind = "numeric"
        self.num = nums
        # Class codes in the manifest's class order (unknown labels after them).
        order = {c: i for i, c in enumerate(classes or [])}
        extra = sorted(set(self.raw[self.present]) - set(order))
        for e in extra:
            order[e] = len(order)
        self.labels = list(order)
        self.codes = np.array([order.get(v, -1) for v in self.raw], dtype=np.int64)
        self.ordinal = objective == "ordinal"


# ---------------------------------------------------------------- statistics


def consistency(f, t):
    """How well a lookup predicts t from f (forward) and f from t (backward), as row fractions."""
    df = pd.DataFrame({"f": f, "t": t})
    counts = df.groupby(["f", "t"], sort=False).size()
    n = len(df)
    fwd = counts.groupby(level=0).max().sum() / n
    bwd = counts.groupby(level=1).max().sum() / n
    best = counts.sort_values(ascending=False).groupby(level=1).head(1)
    mapping = [(str(fv), str(tv), int(c)) for (fv, tv), c in best.items()]
    return float(fwd), float(bwd), int(df["f"].nunique()), int(df["t"].nunique()), mapping


def rank_corr(x, y):
    rx, ry = stats.rankdata(x), stats.rankdata(y)
    if rx.std() == 0 or ry.std() == 0:
        return 0.0
    return float(np.corrcoef(rx, ry)[0, 1])


def splitter(y, classification, folds, seed):
    from sklearn.model_selection import KFold, StratifiedKFold

    n = len(y)
    folds = max(2, min(folds, n))
    if classification:
        counts = np.bincount(y)
        if counts[counts > 0].min() >= folds:
            return list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(n), y))
    return list(KFold(folds, shuffle=True, random_state=seed).split(np.zeros(n)))


def oof_tree(x, y, classification, depth, splits):
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    pred = np.zeros(len(y), dtype=float)
    X = x.reshape(-1, 1)
    for tr, te in splits:
        model = DecisionTreeClassifier(max_depth=depth, random_state=0) if classification else DecisionTreeRegressor(max_depth=depth, random_state=0)
        model.fit(X[tr], y[tr])
        pred[te] = model.predict(X[te])
    return pred


def oof_lookup(codes, y, classification, splits, k):
    """Cross-validated lookup table: the training fold's majority class (or mean) per value."""
    n_codes = int(codes.max()) + 1 if len(codes) else 1
    pred = np.zeros(len(y), dtype=float)
    for tr, te in splits:
        if classification:
            table = np.zeros((n_codes, k), dtype=np.int64)
            np.add.at(table, (codes[tr], y[tr]), 1)
            seen = table.sum(axis=1) > 0
            fallback = int(np.bincount(y[tr], minlength=k).argmax())
            best = np.where(seen, table.argmax(axis=1), fallback)
        else:
            sums = np.bincount(codes[tr], weights=y[tr], minlength=n_codes)
            cnt = np.bincount(codes[tr], minlength=n_codes)
            best = np.where(cnt > 0, sums / np.maximum(cnt, 1), y[tr].mean())
        pred[te] = best[codes[te]]
    return pred


def r2(y, pred):
    sst = float(((y - y.mean()) ** 2).sum())
    return 1.0 - float(((y - pred) ** 2).sum()) / sst if sst > 0 else 0.0


# ---------------------------------------------------------------- the task's data


class Data:
    def __init__(self, req):
        self.req = req
        self.opt = req["options"]
        self.id = req["idColumn"]
        self.targets = list(req["targetColumns"])
        self.objective = req["objective"]
        self.modality = req.get("modality")
        self.classes = req.get("classes")
        self.public_dir = req["publicDir"]
        self.train = read_csv(req["train"])
        self.test = read_csv(req["test"])
        self.answers = read_csv(req["answers"])
        skip = {self.id, *self.targets}
        self.features = [c for c in self.train.columns if c not in skip]
        self.test_features = [c for c in self.test.columns if c != self.id]
        self.kinds = {c: column_kind(self.train[c], self.public_dir) for c in self.features}
        for c in self.test_features:
            if c not in self.kinds:
                self.kinds[c] = column_kind(self.test[c], self.public_dir)
        self.train_targets = {t: Target(t, self.train[t], self.objective, self.classes) for t in self.targets if t in self.train.columns}
        # The test rows joined to their answers, in test.csv order.
        self.test_joined = None
        if self.id in self.test.columns and self.id in self.answers.columns:
            ans = self.answers[[self.id] + [t for t in self.targets if t in self.answers.columns]]
            ans = ans.rename(columns={t: f"__answer__{t}" for t in self.targets})
            self.test_joined = self.test.merge(ans, on=self.id, how="inner", sort=False).reset_index(drop=True)
        self.test_targets = {}
        if self.test_joined is not None:
            for t in self.targets:
                key = f"__answer__{t}"
                if key in self.test_joined.columns:
                    self.test_targets[t] = Target(t, self.test_joined[key], self.objective, self.classes)
        self.flagged = {}  # column -> the check that already reported it

    def sides(self):
        """(file name, frame, feature columns, targets) for train.csv and test.csv joined to answers.csv."""
        out = [("train.csv", self.train, self.features, self.train_targets)]
        if self.test_joined is not None:
            feats = [c for c in self.test_features if c not in self.targets]
            out.append(("test.csv", self.test_joined, feats, self.test_targets))
        return out


def result(ok, message, **details):
    return {"ok": bool(ok), "message": message, "details": details}


# ---------------------------------------------------------------- 1. target absent from test


def check_target_absent(d):
    header = list(d.test.columns)
    exact = [t for t in d.targets if t in header]
    loose = [(t, c) for t in d.targets for c in header if c != t and c.strip().lower() == t.strip().lower()]
    if exact or loose:
        parts = [f"test.csv has the target column {col(t)}" for t in exact]
        parts += [f"test.csv column {col(c)} is the target {col(t)} under another spelling" for t, c in loose]
        return result(False, "; ".join(parts), columns=exact + [c for _, c in loose])
    return result(True, f"test.csv has none of the target columns {', '.join(col(t) for t in d.targets)}")


# ---------------------------------------------------------------- 2. target copy


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
        return result(False, "; ".join(msgs), found=found)
    return result(True, f"no feature equals a target (threshold {pct(min_agree)} of rows equal; {scanned} column comparisons)")


# ---------------------------------------------------------------- 3. target recoding


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
                    elif abs(rs) >= o["monotoneMinAbsSpearman"]:
                        found.append({**base, "kind": "monotone", "pearson": rp, "spearman": rs, "rows": int(both.sum())})
    for f in found:
        d.flagged.setdefault(f["column"], "target-recoding")
    if not found:
        return result(
            True,
            f"no feature recodes a target (1:1 mapping ≥ {pct(min_c)} consistent; for numeric targets |Spearman| ≥ {o['monotoneMinAbsSpearman']} "
            f"or |Pearson| ≥ {o['affineMinAbsPearson']})",
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
        else:
            msgs.append(f"{where} is a strictly monotone function of {tname} (Spearman ρ = {f['spearman']:.5f} on {f['rows']} rows)")
    return result(False, "; ".join(msgs), found=found)


# ---------------------------------------------------------------- 4. single-feature predictor


def feature_codes(values, kind):
    """(numeric x for a tree, integer codes for a lookup table) of one feature column."""
    if kind == "numeric":
        x = to_num(values)
        if np.isnan(x).any():
            lo = np.nanmin(x) if np.isfinite(x).any() else 0.0
            x = np.where(np.isnan(x), lo - 1.0, x)  # missing: its own region below every value
        codes = pd.factorize(x, sort=True)[0]
        return x, codes
    codes = pd.factorize(norm(values), sort=True)[0]  # sorted: ISO dates and zero-padded codes keep their order
    return codes.astype(float), codes


def cheap_score(codes, y, classification):
    """In-sample association of a (binned) feature with the target, to rank features past the cap."""
    if codes.max() > 63:
        q = np.quantile(codes, np.linspace(0, 1, 65)[1:-1])
        codes = np.searchsorted(q, codes)
    if classification:
        k = int(y.max()) + 1
        table = np.zeros((int(codes.max()) + 1, k), dtype=np.int64)
        np.add.at(table, (codes, y), 1)
        return table.max(axis=1).sum() / len(y)
    means = np.bincount(codes, weights=y) / np.maximum(np.bincount(codes), 1)
    return 1.0 - ((y - means[codes]) ** 2).sum() / max(((y - y.mean()) ** 2).sum(), 1e-300)


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
            depth = min(8, math.ceil(math.log2(k)) + 2)
            need = max(o["predictorMinAccuracy"], majority + o["predictorMinErrorReduction"] * (1 - majority))
        else:
            y = tgt.num[rows]
            if y.std() == 0:
                continue
            k, majority, depth, need = 0, None, 6, o["predictorMinR2"]
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
            pred = oof_tree(x, y, classification, depth, splits)
            score = float((pred == y).mean()) if classification else r2(y, pred)
            how = f"depth-{depth} tree"
            if codes.max() + 1 <= len(y) / 2:  # discrete enough for a lookup table to generalise
                lp = oof_lookup(codes, y, classification, splits, k)
                ls = float((lp == y).mean()) if classification else r2(y, lp)
                if ls > score:
                    score, how = ls, "lookup table of its values"
            examined.append({"column": c, "target": t, "score": score})
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
        msgs.append(f"train.csv column {col(f['column'])} alone predicts target {col(f['target'])}: {ev}")
    return result(False, "; ".join(msgs), found=found, **details)


# ---------------------------------------------------------------- 5. id and row order


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


# ---------------------------------------------------------------- 6. paths naming the target


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


# ---------------------------------------------------------------- 7. train/test overlap


def file_digest(full):
    h = hashlib.sha1()
    with open(full, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def canonical(frame, cols, kinds, public_dir, use_content):
    """Each value as comparable text: numbers as floats, text normalised, file paths as content hashes."""
    out = {}
    for c in cols:
        s = frame[c].reset_index(drop=True)
        kind = kinds.get(c)
        if kind == "numeric":
            v = to_num(s)
            out[c] = np.where(np.isnan(v), norm(s).to_numpy(), np.array([repr(float(x)) for x in np.nan_to_num(v)], dtype=object))
        elif kind == "path" and use_content:
            def digest(rel):
                full = inside(public_dir, rel)
                if full is None or os.path.getsize(full) > MAX_HASHED_BYTES:
                    return "path:" + rel.strip()
                return "sha1:" + file_digest(full)
            out[c] = s.map(digest).to_numpy()
        else:
            out[c] = norm(s).to_numpy()
    return pd.DataFrame(out)


def check_overlap(d):
    o = d.opt
    cols = [c for c in d.features if c in d.test.columns]
    if not cols:
        return result(True, "train.csv and test.csv share no feature columns")
    n_files = (len(d.train) + len(d.test)) * sum(d.kinds.get(c) == "path" for c in cols)
    use_content = 0 < n_files <= MAX_HASHED_FILES
    tr = canonical(d.train, cols, d.kinds, d.public_dir, use_content)
    te = canonical(d.test, cols, d.kinds, d.public_dir, use_content)
    ktr = pd.util.hash_pandas_object(tr, index=False).to_numpy()
    kte = pd.util.hash_pandas_object(te, index=False).to_numpy()
    first_train = pd.Series(np.arange(len(ktr))).groupby(ktr).first()
    in_train = np.isin(kte, ktr)
    n_over, n_test = int(in_train.sum()), len(kte)
    within = float(pd.Series(ktr).duplicated(keep=False).mean()) if len(ktr) else 0.0
    rate = n_over / n_test if n_test else 0.0
    examples = []
    for i in np.flatnonzero(in_train)[:3]:
        j = int(first_train.loc[kte[i]])
        examples.append({"testId": str(d.test[d.id].iloc[i]) if d.id in d.test.columns else f"row {i + 1}",
                         "trainId": str(d.train[d.id].iloc[j]) if d.id in d.train.columns else f"row {j + 1}"})
    what = "file contents compared; " if use_content else ""
    details = {"overlapRows": n_over, "testRows": n_test, "rate": rate, "withinTrainDuplicateRate": within,
               "columns": len(cols), "comparedFileContents": use_content, "examples": examples, "mode": o["overlap"]}
    if n_over == 0:
        return result(True, f"no test.csv row repeats a train.csv row ({what}{plural(len(cols), 'feature column')}, id excluded)", **details)
    ex = ", ".join(f"test id {e['testId']} = train id {e['trainId']}" for e in examples)
    base = (f"{n_over} of {n_test} test.csv rows ({pct(rate)}) repeat the full feature vector of a train.csv row "
            f"({what}{plural(len(cols), 'feature column')}, id excluded; e.g. {ex})")
    if o["overlap"] == "strict":
        return result(False, base, **details)
    # Natural duplicates: when the feature space is coarse (small integers, word counts), distinct
    # records coincide. Under a random split a test row has a train twin about as often as a train
    # row has another train twin, so the within-train duplicate rate is the rate expected by chance.
    # Only an excess over it is a split leak; with no within-train duplicates any overlap is one.
    if within == 0:
        return result(False, base + "; train.csv itself has no duplicate rows, so these were copied across the split", **details)
    p = float(stats.binomtest(n_over, n_test, min(within, 1.0), alternative="greater").pvalue)
    details["p"] = p
    if p < o["overlapMaxP"] and rate > o["overlapMaxRatio"] * within:
        return result(False, base + f"; far above the {pct(within)} of train.csv rows that have a duplicate within train.csv ({pval(p)}): rows were copied across the split", **details)
    return result(True, base.replace(" repeat ", " coincide with ", 1)
                  + f"; expected by chance: {pct(within)} of train.csv rows have a duplicate within train.csv, so the dataset has natural "
                  f"duplicates and a random split gives about the same rate ({pval(p)})", **details)


# ---------------------------------------------------------------- main


RUNNERS = {
    "target-absent-from-test": check_target_absent,
    "target-copy": check_target_copy,
    "target-recoding": check_target_recoding,
    "single-feature-predictor": check_single_feature,
    "id-order": check_id_order,
    "path-names-target": check_path_names,
    "train-test-overlap": check_overlap,
}


def main():
    req = json.load(sys.stdin)
    missing = [req[k] for k in ("train", "test", "answers") if not os.path.isfile(req[k])]
    if missing:
        msg = f"cannot check: {', '.join(missing)} missing (prepare the task first)"
        out = [{"id": c, "ok": False, "message": msg, "details": {"missing": missing}} for c in CHECKS]
    else:
        try:
            d = Data(req)
        except Exception as e:  # unreadable CSV: the task's data is broken
            msg = f"cannot read the task's data: {type(e).__name__}: {e}"
            out = [{"id": c, "ok": False, "message": msg, "details": {}} for c in CHECKS]
        else:
            missing_targets = [t for t in d.targets if t not in d.train.columns]
            out = []
            for c in CHECKS:
                try:
                    r = RUNNERS[c](d)
                    if missing_targets and c not in ("target-absent-from-test", "train-test-overlap") and r["ok"]:
                        r["message"] += f" (train.csv lacks target column(s) {', '.join(col(t) for t in missing_targets)})"
                except Exception as e:
                    last = traceback.format_exc().strip().splitlines()[-3:]
                    r = result(False, f"check failed on this data: {type(e).__name__}: {e}", traceback=last)
                out.append({"id": c, **r})
    json.dump({"checks": clean(out)}, sys.stdout, allow_nan=False, ensure_ascii=False)


if __name__ == "__main__":
    main()
