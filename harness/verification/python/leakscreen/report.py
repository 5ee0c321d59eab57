"""How findings are written: numbers, percentages and column names in messages, JSON-safe details."""
import math

import numpy as np

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


def result(ok, message, drop=(), **details):
    """One check's verdict. `drop`: the input columns whose removal fixes it (empty when ok, or when the
    fix is not a column drop, such as shuffling ids)."""
    return {"ok": bool(ok), "message": message, "drop": list(dict.fromkeys(drop)), "details": details}
