"""Supervised calls without a formula: `MclustDA(banknote[,2:7], banknote$Status)`, `lda(X, grouping = cl)`.

Classifiers with an x/y interface take the labels as an argument. When that argument is a column of
a data object (`banknote$Status`, `cross[odd, 1]`, `d[["y"]]`, or a variable the code set to one,
`Class <- banknote$Status`), the example documents that column as the label the data set is
classified by. Each such call becomes a ModelCall whose left-hand side is the column (`#k` for the
k-th column of a positional index, resolved against the data's columns by the card).
"""
import re

from .formulas import _IDENT, ModelCall, _aliases, _arguments, _closing, _derived, _resolve, split_top, squash, strip_comments

# Function -> (position of the labels among its positional arguments, the labels' argument name).
LABEL_ARGUMENTS = {
    "MclustDA": (1, "class"),
    "lda": (1, "grouping"),
    "qda": (1, "grouping"),
    "knn": (2, "cl"),
    "knn.cv": (1, "cl"),
    "randomForest": (1, "y"),
    "naiveBayes": (1, "y"),
    "svm": (1, "y"),
    "ksvm": (1, "y"),
}
_COLUMN = [
    re.compile(rf"^({_IDENT})\$([A-Za-z.][\w.]*)$"),
    re.compile(rf"^({_IDENT})\[\[\s*[\"']([^\"']+)[\"']\s*\]\]$"),
    re.compile(rf"^({_IDENT})\[[^\],]*,\s*[\"']([^\"']+)[\"']\s*\]$"),
]
_POSITION = re.compile(rf"^({_IDENT})\[[^\],]*,\s*(\d+)\s*\]$")


def label_column(expr, derived_columns):
    """(data object, column) a labels argument names; the column is `#k` for a positional index."""
    expr = squash(expr)
    for pattern in _COLUMN:
        match = pattern.match(expr)
        if match:
            return match.group(1), match.group(2)
    match = _POSITION.match(expr)
    if match:
        return match.group(1), f"#{match.group(2)}"
    return derived_columns.get(expr)


def _bare_columns(derived):
    """`Class <- banknote$Status` as Class -> (banknote, Status): variables that are one column."""
    found = {}
    for (obj, name), expr in derived.items():
        if re.fullmatch(r"[A-Za-z.][\w.]*", expr):
            found[name] = (obj, expr)
    return found


def xy_calls(code, where=""):
    """Every LABEL_ARGUMENTS call whose labels are a column of a data object."""
    code = strip_comments(code)
    aliases = _aliases(code)
    variables = _bare_columns(_derived(code, aliases))
    names = "|".join(re.escape(f) for f in sorted(LABEL_ARGUMENTS, key=len, reverse=True))
    calls = []
    for match in re.finditer(rf"(?<![A-Za-z0-9._$])(?:{_IDENT}::)?({names})\s*\(", code):
        function = match.group(1)
        close_at = _closing(code, match.end() - 1)
        if close_at < 0:
            continue
        positional, named = _arguments(code[match.end() : close_at])
        if any(len(split_top(p, "~")) == 2 for p in positional) or "formula" in named:
            continue  # a formula call, read by formulas.model_calls
        position, name = LABEL_ARGUMENTS[function]
        labels = named.get(name) or (positional[position] if len(positional) > position else "")
        found = label_column(labels, variables) if labels else None
        if not found:
            continue
        obj, column = found
        text = squash(code[match.start() : close_at + 1])
        calls.append(ModelCall(function=function, text=text, formula=text, lhs=column, rhs="", args={k: squash(v) for k, v in named.items()}, positional=[squash(p) for p in positional], data=_resolve(obj, aliases), where=where))
    return calls
