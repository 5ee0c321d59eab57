"""The view of train.csv the multi-column screens share: a seeded sample of rows where the target is
present, the input columns no earlier check has already reported, and their numbers."""
import numpy as np
import pandas as pd

from .values import norm

SCREENED_KINDS = ("numeric", "categorical")


class Inputs:
    def __init__(self, d, target, max_rows):
        tgt = d.train_targets[target]
        self.d = d
        self.target = target
        self.tgt = tgt
        self.classification = tgt.kind == "class"
        ok = tgt.present & (tgt.codes >= 0) if self.classification else tgt.present & np.isfinite(tgt.num)
        rows = np.flatnonzero(ok)
        if len(rows) > max_rows:
            rows = np.sort(np.random.default_rng(d.opt["seed"]).choice(rows, max_rows, replace=False))
        self.rows = rows
        self.n = len(rows)
        self.frame = d.train.iloc[rows].reset_index(drop=True)
        self.names = [c for c in d.features if c not in d.flagged and d.kinds.get(c) in SCREENED_KINDS]
        self.kinds = {c: d.kinds[c] for c in self.names}
        self.y = pd.factorize(tgt.codes[rows])[0] if self.classification else tgt.num[rows]
        self._num = {}
        self._codes = {}

    def number(self, c):
        if c not in self._num:
            self._num[c] = self.d.number(c)[self.rows]
        return self._num[c]

    def codes(self, c, bins):
        """Integer codes of a column: its values when it has at most `bins` of them, else quantile bins."""
        key = (c, bins)
        if key not in self._codes:
            if self.kinds[c] == "numeric":
                x = self.number(c)
                values = np.unique(x[np.isfinite(x)])
                if len(values) > bins:
                    edges = np.unique(np.nanquantile(x, np.linspace(0, 1, bins + 1)[1:-1]))
                    x = np.where(np.isfinite(x), np.searchsorted(edges, x, side="right"), -1)
                codes = pd.factorize(x, sort=True)[0]
            else:
                codes = pd.factorize(norm(self.frame[c]), sort=True)[0]
            self._codes[key] = codes
        return self._codes[key]

    def numeric(self, max_missing):
        """(names, matrix) of the numeric, non-constant inputs missing on at most `max_missing` of the
        rows, over the rows where all of them are present."""
        names = [c for c in self.names if self.kinds[c] == "numeric" and np.mean(~np.isfinite(self.number(c))) <= max_missing]
        if not names:
            return [], np.zeros((self.n, 0)), np.arange(self.n)
        x = np.column_stack([self.number(c) for c in names])
        keep = np.isfinite(x).all(axis=1)
        x = x[keep]
        varying = x.std(axis=0) > 0 if len(x) else np.zeros(len(names), dtype=bool)
        return [c for c, v in zip(names, varying) if v], x[:, varying], np.flatnonzero(keep)

    def groupings(self, max_levels, min_rows):
        """Inputs with 2..max_levels values, each on at least min_rows rows: candidate grouping variables."""
        out = {}
        for c in self.names:
            # Values as they are, never bins: a grouping is a variable such as a mode or a region.
            if self.frame[c].nunique() > max_levels:
                continue
            codes = self.codes(c, max_levels)
            k = int(codes.max()) + 1 if len(codes) else 0
            if 2 <= k <= max_levels and np.bincount(codes[codes >= 0], minlength=k).min() >= min_rows and (codes >= 0).all():
                out[c] = codes
        return out
