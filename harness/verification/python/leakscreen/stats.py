"""Statistics shared by the checks: value-mapping consistency, cross-validated one-feature models."""
import bisect

import numpy as np
import pandas as pd
from scipy import stats

from .values import norm, to_num

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


def monotone_exceptions(z, y):
    """Rows off the longest run along which y never falls as z rises (ties in z ordered by y): 0 for
    any non-decreasing function of z, rounding and clipping included."""
    tails = []
    for v in np.asarray(y)[np.lexsort((y, z))]:
        i = bisect.bisect_right(tails, v)
        tails[i:i + 1] = [v]
    return len(y) - len(tails)


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


def oof_tree(x, y, classification, splits, depth=None, leaves=None):
    """Out-of-fold predictions of a one-feature tree bounded by depth, by leaves (grown best first), or both."""
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    pred = np.zeros(len(y), dtype=float)
    X = x.reshape(-1, 1)
    tree = DecisionTreeClassifier if classification else DecisionTreeRegressor
    for tr, te in splits:
        model = tree(max_depth=depth, max_leaf_nodes=leaves, random_state=0)
        model.fit(X[tr], y[tr])
        pred[te] = model.predict(X[te])
    return pred


def oof_lookup(codes, y, classification, splits, k):
    """Cross-validated lookup table: the training fold's majority class (or mean) per value."""
    n_codes = int(codes.max()) + 1 if len(codes) else 1
    pred = np.zeros(len(y), dtype=float)
    for tr, te in splits:
        if classification:
            table = np.bincount(codes[tr] * k + y[tr], minlength=n_codes * k).reshape(n_codes, k)
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


def cramers_v(a, b):
    """Cramér's V of two integer code arrays (0 when either is constant)."""
    ka, kb = int(a.max()) + 1, int(b.max()) + 1
    if ka < 2 or kb < 2:
        return 0.0
    table = np.zeros((ka, kb))
    np.add.at(table, (a, b), 1)
    chi2 = stats.chi2_contingency(table, correction=False)[0]
    return float(np.sqrt(chi2 / (len(a) * (min(ka, kb) - 1))))


def association(inputs, c):
    """How strongly one input goes with the target, on [0, 1], and the statistic's name: |Spearman ρ|
    for a numeric input and target, Cramér's V (inputs binned to 20 values) otherwise."""
    if not inputs.classification and inputs.kinds[c] == "numeric":
        x = inputs.number(c)
        ok = np.isfinite(x)
        if ok.sum() < 10:
            return 0.0, "|Spearman ρ|"
        return abs(rank_corr(x[ok], inputs.y[ok])), "|Spearman ρ|"
    return cramers_v(inputs.codes(c, 20), target_codes(inputs)), "Cramér's V"


def target_codes(inputs):
    """The target as integer codes: its classes, or a numeric target cut into 20 quantile bins."""
    return inputs.y if inputs.classification else pd.factorize(np.searchsorted(np.unique(np.quantile(inputs.y, np.linspace(0, 1, 21)[1:-1])), inputs.y))[0]


def association_p(inputs, c):
    """The chance of an association as strong as `association` finds between an unrelated input and
    the target: Spearman's test for numbers, the χ² test of the table otherwise."""
    if not inputs.classification and inputs.kinds[c] == "numeric":
        x = inputs.number(c)
        ok = np.isfinite(x)
        return float(stats.spearmanr(x[ok], inputs.y[ok]).pvalue) if ok.sum() >= 10 else 1.0
    a, b = inputs.codes(c, 20), target_codes(inputs)
    table = np.zeros((int(a.max()) + 1, int(b.max()) + 1))
    np.add.at(table, (a, b), 1)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    return float(stats.chi2_contingency(table, correction=False)[1]) if min(table.shape) > 1 else 1.0
