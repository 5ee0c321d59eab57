"""Least squares on standardised columns, batched over many small column subsets at once: the R² of
the target on every pair or triple of inputs costs one correlation matrix and a stack of tiny solves."""
import itertools

import numpy as np

RIDGE = 1e-10


class Correlations:
    """Correlations among the columns of x and with y (both already restricted to the same rows)."""

    def __init__(self, x, y):
        self.n = len(y)
        sx = x.std(axis=0)
        sy = y.std()
        z = (x - x.mean(axis=0)) / np.where(sx > 0, sx, 1)
        zy = (y - y.mean()) / (sy if sy > 0 else 1)
        self.c = z.T @ z / self.n
        self.r = z.T @ zy / self.n

    def r2(self, subsets):
        """R² of y on each row of `subsets` (a (T, k) array of column indices), and the standardised
        coefficients. A tiny ridge keeps collinear subsets solvable; it moves R² by about 1e-10."""
        subsets = np.asarray(subsets, dtype=np.int64)
        if subsets.size == 0:
            return np.zeros(0), np.zeros((0, subsets.shape[1] if subsets.ndim == 2 else 0))
        k = subsets.shape[1]
        cs = self.c[subsets[:, :, None], subsets[:, None, :]] + RIDGE * np.eye(k)
        rs = self.r[subsets]
        b = np.linalg.solve(cs, rs[:, :, None])[:, :, 0]
        return np.clip((b * rs).sum(axis=1), -np.inf, 1.0), b


def subsets(p, k, among=None):
    cols = range(p) if among is None else sorted(among)
    out = np.array(list(itertools.combinations(cols, k)), dtype=np.int64)
    return out.reshape(-1, k)


def fit(x, y):
    """Ordinary least squares of y on the columns of x plus an intercept: (coefficients, intercept, residuals)."""
    a = np.column_stack([x, np.ones(len(y))])
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    return coef[:-1], float(coef[-1]), y - a @ coef


def r2_of(y, resid):
    sst = float(((y - y.mean()) ** 2).sum())
    return 1.0 - float((resid**2).sum()) / sst if sst > 0 else 0.0


def backward(corr, cols, floor):
    """Drops columns from `cols` one at a time, the one whose loss costs least R², while R² stays ≥ floor:
    the smallest set of columns that still reproduces y. Uses the inverse's diagonal (the R² lost by
    removing column j is b_j² / (C⁻¹)_jj), so each step is one small inverse."""
    cols = list(cols)
    while len(cols) > 1:
        inv = np.linalg.pinv(corr.c[np.ix_(cols, cols)], hermitian=True)
        b = inv @ corr.r[cols]
        r2 = float(b @ corr.r[cols])
        loss = b**2 / np.maximum(np.diag(inv), 1e-300)
        j = int(np.argmin(loss))
        if r2 - loss[j] < floor:
            break
        cols.pop(j)
    return cols
