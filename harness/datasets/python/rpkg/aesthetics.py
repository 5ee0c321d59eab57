"""ggplot2 plots in example code: `ggplot(mpg, aes(displ, hwy))` draws hwy (y) against displ (x).

A ggplot call maps columns to aesthetics; its y (the second positional aesthetic, or `y =`) is
the quantity drawn, its x what it is drawn against. Each call with both becomes a display
ModelCall (kind plot, function ggplot) with y as its left-hand side and x as its right-hand side,
so the card weighs it as it weighs `plot(y ~ x)`.
"""
import re

from .formulas import _IDENT, ModelCall, _aliases, _arguments, _closing, _first_identifier, _resolve, squash, strip_comments


def _aesthetics(expr):
    """(x, y) of an `aes(...)` expression, or None."""
    match = re.match(r"^(?:ggplot2::)?aes\s*\((.*)\)$", expr.strip(), re.S)
    if not match:
        return None
    positional, named = _arguments(match.group(1))
    x = named.get("x", positional[0] if positional else "")
    y = named.get("y", positional[1] if len(positional) > 1 else "")
    return (squash(x), squash(y)) if x and y else None


def ggplot_calls(code, where=""):
    """Every `ggplot(data, aes(x, y))` (or `data =`, `mapping =`) with a data object and both x and y."""
    code = strip_comments(code)
    aliases = _aliases(code)
    calls = []
    for match in re.finditer(r"(?<![A-Za-z0-9._$])(?:ggplot2::)?ggplot\s*\(", code):
        close_at = _closing(code, match.end() - 1)
        if close_at < 0:
            continue
        positional, named = _arguments(code[match.end() : close_at])
        data = named.get("data") or next((p for p in positional if not p.startswith("aes")), "")
        mapping = named.get("mapping") or next((p for p in positional if re.match(r"^(?:ggplot2::)?aes\s*\(", p)), "")
        found = _aesthetics(mapping) if mapping else None
        obj = _first_identifier(data) if data else ""
        if not found or not re.fullmatch(_IDENT, obj):
            continue
        x, y = found
        text = squash(code[match.start() : close_at + 1])
        calls.append(ModelCall(function="ggplot", text=text, formula=f"{y} ~ {x}", lhs=y, rhs=x, args={k: squash(v) for k, v in named.items()}, positional=[squash(p) for p in positional], data=_resolve(obj, aliases), where=where, kind="plot"))
    return calls
