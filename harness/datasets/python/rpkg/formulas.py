"""Model calls in R example code: `lm(log(wage) ~ education, data = CPS1985)` and the like.

A help page's examples (and a package's demos and vignettes) say what its authors model: the
left-hand side of a formula is a documented outcome, the function and its `family` the model, and
terms such as `(1 | school)`, `cluster(id)`, `strata(x)` or an `id =` argument name grouping keys.
This is a reader of R's surface syntax (strings, comments, nesting), not an R parser.
"""
import re
from dataclasses import dataclass, field

# Model-fitting functions and the family they fit (None: decided by `family =` or the target's type).
MODEL_FUNCTIONS = {
    "lm": "linear", "aov": "linear", "ivreg": "linear", "gls": "linear", "plm": "linear", "dynlm": "linear", "lm.ridge": "linear", "lmrob": "linear", "rlm": "linear", "lqs": "linear",
    "glm": None, "glmrob": None, "gee": None, "geeglm": None, "gam": None, "bayesglm": None,
    "glm.nb": "negative-binomial", "negbin": "negative-binomial",
    "polr": "ordinal", "clm": "ordinal", "clmm": "ordinal", "clm2": "ordinal", "clmm2": "ordinal", "lrm": "ordinal", "ordgee": "ordinal",
    "multinom": "multinomial", "mlogit": "multinomial",
    "coxph": "survival", "survreg": "survival", "survfit": "survival", "cch": "survival", "coxme": "survival", "survdiff": "survival",
    "lmer": "mixed", "glmer": "mixed", "glmer.nb": "mixed", "lme": "mixed", "nlme": "mixed", "glmmPQL": "mixed", "lmList": "mixed", "glmmTMB": None,
    # nlme's groupedData formula `response ~ primary | groups` (also the formula attribute of its data objects)
    "groupedData": "mixed",
    "pggls": "linear", "pvcm": "linear", "pmg": "linear", "pcce": "linear", "pgmm": "linear",
    "dwtest": "linear", "bgtest": "linear", "bptest": "linear", "gqtest": "linear", "resettest": "linear", "harvtest": "linear", "raintest": "linear",
    "svyglm": None, "vglm": None, "vgam": None, "ssanova": "regression", "gssanova": None, "flexmix": None, "train": None, "cforest": None, "mob": None,
    # timereg's additive and proportional hazards models (`aalen(Surv(time, status == 9) ~ age, sTRACE)`); comp.risk's Event(time, cause) is a competing risk
    "aalen": "survival", "cox.aalen": "survival", "timecox": "survival", "prop.odds": "survival", "Gprop.odds": "survival", "prop.excess": "survival",
    "pe.sasieni": "survival", "comp.risk": "survival", "prop.odds.subdist": "survival", "res.mean": "survival",
    # gss's smoothing-spline hazard models (`sshzd(Surv(futime, status) ~ futime + age, data = stan)`)
    "sscox": "survival", "sshzd": "survival", "sshzd2d": "survival",
    "zeroinfl": "zero-inflated", "hurdle": "zero-inflated",
    "rq": "regression", "rqss": "regression", "nlrq": "regression", "tobit": "regression", "nls": "regression", "loess": "regression", "betareg": "regression", "lmsreg": "regression", "ltsReg": "regression",
    "lda": "classification", "qda": "classification", "MclustDA": "classification", "knn": "classification", "knn.cv": "classification", "rpart": None, "randomForest": None, "ksvm": None, "svm": None, "ctree": None, "naiveBayes": None, "knn3": None,
}
# Functions that plot or test one column against others (`boxplot(y ~ g)`, `kruskal.test(y ~ g)`):
# not models, but where a page studies one quantity they say which (card.py decides when to trust them).
DISPLAY_FUNCTIONS = {
    "plot": "plot", "boxplot": "plot", "spineplot": "plot", "cdplot": "plot", "coplot": "plot", "interaction.plot": "plot", "scatterplot": "plot",
    "xyplot": "plot", "bwplot": "plot", "stripplot": "plot", "dotplot": "plot",
    "t.test": "test", "wilcox.test": "test", "kruskal.test": "test", "oneway.test": "test", "fligner.test": "test", "bartlett.test": "test",
    "ansari.test": "test", "mood.test": "test", "var.test": "test", "friedman.test": "test", "quade.test": "test",
    "cmh_test": "test", "independence_test": "test", "oneway_test": "test", "wilcox_test": "test", "kruskal_test": "test", "logrank_test": "test",
    "surv_test": "test", "median_test": "test", "normal_test": "test", "ansari_test": "test", "chisq_test": "test", "lbl_test": "test", "spearman_test": "test",
}
# Displays whose y is studied only when it is a number: lattice draws `factor ~ number` horizontally,
# and a ggplot's factor y (aesthetics.py) is a category axis.
NUMERIC_Y_DISPLAYS = {"xyplot", "bwplot", "stripplot", "dotplot", "ggplot"}
# Functions whose `family` argument decides the model.
_FAMILIES = [
    (r"quasibinomial|binomial", "logistic"),
    (r"quasipoisson|poisson|poisreg|truncated_poisson|genpois|compois", "poisson"),
    (r"negative\.binomial|negbin|nbinom1|nbinom2|truncated_nbinom1|truncated_nbinom2", "negative-binomial"),
    (r"gaussian", "linear"),
    (r"Gamma|inverse\.gaussian|quasi\b|tweedie", "regression"),
]
# Functions whose second positional argument is `family`, so `data` comes third.
_FAMILY_SECOND = {"glm", "glmrob", "gee", "geeglm", "glmer", "glmmPQL", "bayesglm", "gam", "vglm", "vgam", "gssanova"}
_TYPE_WRAPPERS = {"factor", "ordered", "as.factor", "as.ordered", "as.numeric", "as.integer", "as.double", "as.vector", "c"}
_NAMED_TRANSFORMS = {"log", "log1p", "log2", "log10", "sqrt", "exp", "logit", "asin", "exp"}
_IDENT = r"[A-Za-z.][A-Za-z0-9._]*"


@dataclass
class ModelCall:
    function: str
    text: str  # the call as written, whitespace squashed
    formula: str
    lhs: str
    rhs: str
    args: dict  # named arguments as written
    positional: list  # unnamed arguments as written, the formula first when it is unnamed
    data: str = ""  # the data object, aliases resolved
    where: str = ""  # help page or script it is in
    package: str = ""  # the package whose documentation it is in, when not the data's own
    grouping: list = field(default_factory=list)
    time: list = field(default_factory=list)
    strata: list = field(default_factory=list)  # strata(x) terms: a stratification, a grouping only when x has many values
    derived: dict = field(default_factory=dict)  # column the examples add to the data -> its expression
    kind: str = "model"  # model, or the DISPLAY_FUNCTIONS kind (plot, test) of a display call


def _code_positions(code, start=0):
    """(index, character, bracket depth, inside a string) of each character that is not a comment.

    Depth counts the brackets open before the character; a comment runs to the end of its line.
    """
    depth, quote, i = 0, None, start
    while i < len(code):
        ch = code[i]
        if quote:
            yield i, ch, depth, True
            if ch == "\\" and i + 1 < len(code):
                i += 1
                yield i, code[i], depth, True
            elif ch == quote:
                quote = None
        elif ch == "#":
            while i < len(code) and code[i] != "\n":
                i += 1
            continue
        else:
            if ch in "\"'`":
                quote = ch
            if ch in ")]}":
                depth -= 1
            yield i, ch, depth, quote is not None
            if ch in "([{":
                depth += 1
        i += 1


def strip_comments(code):
    """R code with `#` comments removed (a `#` inside a string stays)."""
    return "".join(ch for _, ch, _, _ in _code_positions(code))


def _closing(code, start):
    """Index of the bracket closing the one at `start`, or -1."""
    for i, ch, depth, quoted in _code_positions(code, start):
        if not quoted and ch in ")]}" and depth == 0:
            return i
    return -1


def split_top(text, sep):
    """Pieces of `text` split at `sep` outside brackets and strings."""
    parts, last = [], 0
    for i, _, depth, quoted in _code_positions(text):
        if not quoted and depth == 0 and i >= last and text.startswith(sep, i):
            parts.append(text[last:i])
            last = i + len(sep)
    parts.append(text[last:])
    return [p.strip() for p in parts]


def _arguments(inner):
    positional, named = [], {}
    for piece in split_top(inner, ","):
        match = re.match(rf"^({_IDENT})\s*=(?!=)\s*(.*)$", piece, re.S)
        if match:
            named[match.group(1)] = match.group(2).strip()
        elif piece:
            positional.append(piece)
    return positional, named


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def _first_identifier(expr):
    """The data object an argument names: `CPS1985`, `subset(CPS1985, ...)`, `CPS1985[idx, ]`,
    `subset(CPS1985, ...)[, 1:3]`."""
    expr = expr.strip()
    while True:
        # `subset(Medicaid1986, program == "afdc")[, c(1, 3:4)]`: the call whose result is indexed.
        indexed = re.match(r"^(.*\))\s*\[[^\[\]]*\]$", expr, re.S)
        if indexed:
            expr = indexed.group(1).strip()
            continue
        match = re.match(rf"^(?:{_IDENT}::)?({_IDENT})\s*\((.*)\)\s*$", expr, re.S)
        if not match or match.group(1) in ("c", "list"):
            break
        inner = split_top(match.group(2), ",")
        expr = inner[0] if inner else ""
    match = re.match(rf"^({_IDENT})", expr)
    return match.group(1) if match else ""


def _statements(code):
    """(target, right-hand side) of each top-level assignment `x <- expr` / `x = expr`.

    The right-hand side runs to the end of its line, or further while brackets are open.
    """
    for match in re.finditer(rf"(?m)^[ \t]*({_IDENT}(?:\$[A-Za-z.][\w.]*|\[\[[\"'][^\"']+[\"']\]\])?)\s*(?:<-|=(?!=))\s*", code):
        start = end = match.end()
        for end, ch, depth, quoted in _code_positions(code, start):
            if ch == "\n" and not quoted and depth <= 0:
                break
        else:
            end = len(code)
        yield match.group(1), code[start:end].strip()


def _aliases(code):
    """`x <- CPS1985` (or `subset(CPS1985, ...)`, `CPS1985[...]`): alias -> the object it copies."""
    aliases = {}
    for name, expr in _statements(code):
        design = re.match(r"^(?:survey::)?svydesign\s*\((.*)\)$", expr, re.S)
        # A survey design stands for its `data =` (svyglm(api00 ~ ell, design = dstrat)).
        source = _first_identifier(_arguments(design.group(1))[1].get("data", "")) if design else _first_identifier(expr)
        if "$" not in name and "[[" not in name and source and source != name:
            aliases[name] = source
    return aliases


def _derived(code, aliases):
    """Variables the code derives from a data object's columns: (object, name) -> expression.

    Columns added to it (`X$score <- with(X, (math + read)/2)`, `X <- transform(X, y = ...)`) and
    free variables computed from it (`rfstime <- with(X, ifelse(...))`, `status <- pmax(X$a, X$b)`).
    """
    derived = {}
    for name, expr in _statements(code):
        column = re.match(rf"^({_IDENT})(?:\$([A-Za-z.][\w.]*)|\[\[[\"']([^\"']+)[\"']\]\])$", name)
        if column:
            obj = _resolve(column.group(1), aliases)
            inner = re.match(rf"^with\s*\(\s*{_IDENT}\s*,(.*)\)$", expr, re.S)
            body = inner.group(1) if inner else re.sub(rf"\b{re.escape(column.group(1))}\$", "", expr)
            derived[(obj, column.group(2) or column.group(3))] = squash(body)
            continue
        bare = re.match(rf"^with\s*\(\s*({_IDENT})\s*,(.*)\)$", expr, re.S)
        if "$" not in name and "[[" not in name and bare:
            derived[(_resolve(bare.group(1), aliases), name)] = squash(bare.group(2))
            continue
        refs = set(re.findall(rf"({_IDENT})\$", expr))
        if "$" not in name and "[[" not in name and len(refs) == 1:
            (source,) = refs
            derived[(_resolve(source, aliases), name)] = squash(re.sub(rf"\b{re.escape(source)}\$", "", expr))
            continue
        transform = re.match(rf"^(?:transform|within|mutate)\s*\((.*)\)$", expr, re.S)
        if transform:
            parts = split_top(transform.group(1), ",")
            obj = _resolve(_first_identifier(parts[0]), aliases)
            for part in parts[1:]:
                pair = re.match(rf"^({_IDENT})\s*=(?!=)\s*(.+)$", part, re.S)
                if pair:
                    derived[(obj, pair.group(1))] = squash(pair.group(2))
    return derived


def _resolve(name, aliases):
    seen = set()
    while name in aliases and name not in seen:
        seen.add(name)
        name = aliases[name]
    return name


def _with_spans(code):
    """(start, end, object) of `with(X, ...)` blocks, for calls that take their data from them."""
    spans = []
    for match in re.finditer(rf"\bwith\s*\(\s*({_IDENT})\s*,", code):
        end = _closing(code, code.index("(", match.start()))
        if end > 0:
            spans.append((match.start(), end, match.group(1)))
    return spans


def _terms_in(pattern, text):
    return [m.group(1) for m in re.finditer(pattern, text)]


def _grouping(rhs, args, function):
    """Grouping keys and time indices a call names: random-effect bars, cluster()/frailty(), id=, index=."""
    keys, times = [], []
    for bar in re.finditer(r"\|\s*([^()|]+?)\s*\)", rhs):
        keys.extend(re.findall(_IDENT, bar.group(1)))
    # groupedData's `primary | Subject` (or `| Block / Variety`): the groups after a top-level bar.
    # (Elsewhere a top-level bar separates instruments, as in ivreg and plm.)
    sides = split_top(rhs, "|")
    if function == "groupedData" and len(sides) == 2:
        keys.extend(re.findall(_IDENT, sides[1]))
    for fn in ("cluster", "frailty", "frailty.gaussian", "frailty.gamma"):
        for inner in _terms_in(rf"\b{re.escape(fn)}\s*\(([^()]*)\)", rhs):
            keys.extend(re.findall(_IDENT, inner))
    for name in ("id", "cluster", "groups", "subject"):
        if name in args:
            keys.extend(re.findall(_IDENT, args[name])[:1])
    if "random" in args and "|" in args["random"]:
        keys.extend(re.findall(_IDENT, args["random"].split("|", 1)[1]))
    if "index" in args:
        names = re.findall(r"[\"']([^\"']+)[\"']", args["index"])
        keys.extend(names[:1])
        times.extend(names[1:2])
    drop = {"c", "list", "TRUE", "FALSE"}
    return [k for k in dict.fromkeys(keys) if k not in drop], [t for t in dict.fromkeys(times) if t not in drop]


def _named_formulas(code):
    """`f1 <- numobese ~ gender`: formulas assigned to a name, which a call then passes (`geeglm(formula = f1, ...)`)."""
    return {name: expr for name, expr in _statements(code) if "$" not in name and "[[" not in name and len(split_top(expr, "~")) == 2}


def display_calls(code, where=""):
    """Every call of a DISPLAY_FUNCTIONS plot or test with a formula, as a ModelCall of that kind."""
    return model_calls(code, where, DISPLAY_FUNCTIONS)


def model_calls(code, where="", functions=MODEL_FUNCTIONS):
    """Every model call in a piece of R code, with its data object resolved through simple aliases."""
    code = strip_comments(code)
    aliases = _aliases(code)
    derived = _derived(code, aliases)
    spans = _with_spans(code)
    named_formulas = _named_formulas(code)
    names = "|".join(re.escape(f) for f in sorted(functions, key=len, reverse=True))
    calls = []
    for match in re.finditer(rf"(?<![A-Za-z0-9._$])(?:{_IDENT}::)?({names})\s*\(", code):
        call_name = match.group(1)
        open_at = match.end() - 1
        close_at = _closing(code, open_at)
        if close_at < 0:
            continue
        positional, named = _arguments(code[open_at + 1 : close_at])
        formula = named.get("formula") or next((p for p in positional if len(split_top(p, "~")) == 2), "")
        formula = named_formulas.get(formula, formula)
        if not formula and positional and positional[0] in named_formulas:
            formula = named_formulas[positional[0]]
            positional = [formula, *positional[1:]]
        sides = split_top(formula, "~") if formula else []
        if len(sides) != 2 or not sides[0]:
            continue
        data = named.get("data", "") or named.get("design", "")
        if not data:
            # lm(formula, data), glm(formula, family, data): a bare name in data's position.
            position = 2 if call_name in _FAMILY_SECOND else 1
            rest = [p for p in positional if p != formula]
            candidate = rest[position - 1] if len(rest) >= position else ""
            data = candidate if re.fullmatch(_IDENT, candidate) and candidate not in ("binomial", "poisson", "gaussian", "Gamma", "quasipoisson", "quasibinomial") else ""
        if not data:
            data = next((obj for start, end, obj in spans if start < match.start() < end), "")
        keys, times = _grouping(sides[1], named, call_name)
        strata = [k for inner in _terms_in(r"\bstrata\s*\(([^()]*)\)", sides[1]) for k in re.findall(_IDENT, inner)]
        strata += re.findall(_IDENT, named.get("strata", ""))[:1]
        data = _resolve(_first_identifier(data), aliases) if data else ""
        calls.append(
            ModelCall(
                function=match.group(1),
                text=squash(code[match.start() : close_at + 1]),
                formula=squash(formula),
                lhs=squash(sides[0]),
                rhs=squash(sides[1]),
                args={k: squash(v) for k, v in named.items()},
                positional=[squash(p) for p in positional],
                data=data,
                where=where,
                grouping=keys,
                time=times,
                strata=list(dict.fromkeys(strata)),
                derived={col: expr for (obj, col), expr in derived.items() if obj == data},
                kind="model" if functions is MODEL_FUNCTIONS else functions[call_name],
            )
        )
    return calls


@dataclass
class Outcome:
    """What a formula's left-hand side models: columns (time and status for Surv), transform, kind."""

    columns: list
    transform: str = ""
    survival: bool = False


def _columns_in(expr, known, derived, depth=0):
    """Data columns an expression uses, looking through variables the examples derived from them."""
    found = []
    for name in re.findall(_IDENT, expr):
        if name in known:
            found.append(name)
        elif name in derived and depth < 3:
            found.extend(_columns_in(derived[name], known, derived, depth + 1))
    return list(dict.fromkeys(found))


def _derivations(expr, derived):
    """`name = expression` for each derived variable an expression uses, to show in a transform."""
    used = [name for name in dict.fromkeys(re.findall(_IDENT, expr)) if name in derived]
    return "; ".join(f"{name} = {derived[name]}" for name in used)


def outcome(lhs, columns, derived=None, binary=()):
    """The documented outcome of a left-hand side, given the data's column names; None if unclear.

    `Surv(time, status)` gives both columns (time first; `Surv(start, stop, event)` gives stop).
    A variable the examples derive first (`score <- (math + read)/2`) stands for the columns it is
    made of: the target is the first of them (preferring a non-binary one, not the 0/1 indicator of
    an `ifelse`), and the derivation is the transform. `binary` names the 0/1 columns.
    """
    known, derived = set(columns), {k: v for k, v in (derived or {}).items() if k not in set(columns)}
    lhs = lhs.strip()
    surv = re.match(r"^(?:survival::)?Surv\s*\((.*)\)$", lhs, re.S)
    if surv:
        args = [a for a in split_top(surv.group(1), ",") if not re.match(r"^(type|origin)\s*=", a)]
        args = [re.sub(rf"^{_IDENT}\s*=(?!=)\s*", "", a) for a in args]
        time_args = args[-2:-1] if len(args) >= 3 else args[:1]
        times = [c for c in _columns_in(" ".join(time_args), known, derived) if c not in binary] or _columns_in(" ".join(time_args), known, derived)
        status = _columns_in(args[-1], known, derived) if len(args) >= 2 else []
        if not times:
            return None
        return Outcome(list(dict.fromkeys(times[:1] + status)), transform=_derivations(surv.group(1), derived), survival=True)
    found = _columns_in(lhs, known, derived)
    if not found:
        return None
    preferred = [c for c in found if c not in binary] or found
    column = preferred[0]
    derivation = _derivations(lhs, derived)
    cbind = re.match(r"^cbind\s*\((.*)\)$", lhs, re.S)
    if cbind:
        return Outcome(found, transform="; ".join(p for p in (squash(lhs), derivation) if p))
    if derivation:
        return Outcome([column], transform=derivation + ("" if lhs in derived else f"; modelled as {lhs}"))
    if lhs == column:
        return Outcome([column])
    call = re.match(rf"^({_IDENT})\s*\(\s*{re.escape(column)}\s*\)$", lhs)
    if call and call.group(1) in _TYPE_WRAPPERS:
        return Outcome([column])
    if call and call.group(1) in _NAMED_TRANSFORMS:
        return Outcome([column], transform=call.group(1))
    return Outcome([column], transform=squash(lhs))


def model_family(call, target_kind):
    """The ModelFamily of a call, given the target column's kind (factor, ordered, logical, number)."""
    fixed = MODEL_FUNCTIONS[call.function]
    if fixed:
        return fixed
    family = call.args.get("family", "") or (call.positional[1] if call.function in _FAMILY_SECOND and len(call.positional) > 1 else "")
    for pattern, name in _FAMILIES:
        if re.search(rf"\b(?:{pattern})\b", family):
            return name
    if call.function in ("rpart", "randomForest", "ksvm", "svm", "ctree", "naiveBayes", "knn3", "train", "cforest", "mob", "flexmix", "vglm", "vgam"):
        return "classification" if target_kind in ("factor", "ordered", "logical") else "regression"
    # glm and friends default to the gaussian family.
    return "linear"
