"""The two spaces the identity fits run in: raw values (sums and differences) and logarithms of
absolute values (products, ratios, powers)."""
import numpy as np

from .linear import Correlations


class Space:
    """Raw values or log |values|, with the formula a fit in that space reads as."""

    def __init__(self, name, x, y, names):
        self.name, self.x, self.y, self.names = name, x, y, names
        self.corr = Correlations(x, y) if len(y) > 2 and x.shape[1] else None


def spaces(inp, max_missing):
    names, x, rows = inp.numeric(max_missing)
    y = inp.y[rows]
    out = [Space("raw", x, y, names)]
    # Logs: zeros count as missing, so a column zero on a few rows (PERMINTE) still takes part.
    nz = y != 0
    keep = [j for j in range(len(names)) if np.mean(x[nz, j] == 0) <= max_missing]
    rows_log = nz & (x[:, keep] != 0).all(axis=1)
    if rows_log.sum() > 2 and keep:
        out.append(Space("log", np.log(np.abs(x[rows_log][:, keep])), np.log(np.abs(y[rows_log])), [names[j] for j in keep]))
    return [s for s in out if s.corr is not None]
