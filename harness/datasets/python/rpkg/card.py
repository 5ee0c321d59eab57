"""A dataset card (harness/datasets/card.ts) drawn from an R help page and the package's examples.

Every fact says where it came from: `documented` when the help page or an example states it,
`inferred` when it is read from the data or from a column's name, `override` when the overrides
file (with its reason) corrects or completes the documentation. Per-column facts other than the
meaning (role, unit, coding) record their origin in `origins` as `columns.<name>.<fact>`.
"""
import re
from collections import Counter
from functools import cached_property

from .formulas import _IDENT, NUMERIC_Y_DISPLAYS, model_family, outcome
from .prose import prose_targets
from .rd import squash
from .survival_format import survival_pairs
from .units import parse_coding, parse_unit

# Where a package keeps R code besides its help pages (demos, vignette code, book scripts).
SCRIPT_FOLDERS = ("demo/", "doc/", "scripts/")
# The `where` of the model call a groupedData object's own formula attribute gives (catalog.py).
GROUPED_DATA = "the groupedData formula attribute"

# Words of a \format entry that make its column the documented response.
# ("the response", not "a \"don't know\" response" or "the response to treatment").
_RESPONSE = re.compile(r"\b(response variable|the response\b(?! (to|of|rate))|outcome variable|the outcome\b|dependent variable|target variable|the target\b|class (attribute|label|variable))", re.I)
_NOT_RESPONSE = re.compile(r"\b(explanatory|predictor|covariate)\b", re.I)
# A sentence that says what the data set is for.
_TARGET_SENTENCE = re.compile(
    r"\b(target|response|outcome|dependent variable|class attribute|(two|three|\d+) classes (for|of)|(aim|goal|task|problem|objective|purpose) is to|to (predict|classify|forecast|recogni[sz]e|discriminate)|can you predict|(defining|denoting) the class)\b",
    re.I,
)
_ID_NAME = re.compile(r"^(id|ids|identifier|name|names|code|key|serial|[a-z]*[._]?id|id[._]?[a-z0-9]*)$", re.I)
_ID_WORDS = re.compile(r"\b(identifier|identification|ID|id number|serial number|[Oo]bservation number|[Rr]ecord number|unique (code|number|key)|name of the)\b")
_GROUP_UNITS = (
    r"subject|patient|individual|person|respondent|household|family|school|classroom|district|country|state|firm|company|"
    r"county|city|hospital|centre|center|institution|clinic|speaker|litter|plot|tree|animal|mother|child|student|team|judge|"
    r"rater|village|farm|herd|batch|cluster|group|panel|unit|community"
)
# A key of units observed several times: "School ID", "Subject number", "Institution code",
# "id of each pig", "identifier of the household" (not "number of students", a count), "a factor
# identifying the family" (mlmrev's guImmun; not "... identifying the diet", a design factor).
_GROUP_KEY = re.compile(rf"\b({_GROUP_UNITS})s?\s+(identifier|id|number|code|no\.?)\b|\b\w+\s+(identifier|id|ID|code)\b|\b(identifier|id|ID|code)\s+(of|for)\s+(the\s+|each\s+|a\s+)?\w+|"
                        rf"\bidentif(y|ies|ying)\s+(the|each|a)\s+({_GROUP_UNITS})\b", re.I)
_GROUP_NAME = re.compile(r"^(subject|patient|person|individual|household|family|id|pid|hhid|school|student|speaker|litter|batch|cluster|mother|child)([._]?(id|no|code))?$", re.I)
_OUTCOME_NAME = re.compile(r"^(response|outcome|target)$", re.I)
_TIME_NAME = re.compile(r"^(year|yr|years|date|time|month|quarter|qtr|week|day|days|period|wave|visit|occasion|hour|t)$", re.I)
_TIME_WORDS = re.compile(r"^(the )?(calendar )?(year|date|month|quarter|week|day|time (index|period|point))\b(?!-)", re.I)
_DESIGN_WORDS = re.compile(r"\b(treatment|randomi[sz]ed|randomly assigned|assigned to|dose|dosage|experimental (factor|condition|group)|block|replicate|trial arm)\b", re.I)
_STORAGE = re.compile(r"^an? (numeric|integer|logical|character) vector( code)?[.:,]?\s*", re.I)
_CLASSIFIER_KINDS = ("factor", "ordered", "logical")
_MIN_GROUPS = 10


def _names_as_target(sentence, column):
    """Whether a sentence that speaks of a target names this column in one of the ways pages do."""
    name = re.escape(column)
    word = rf"(?<![\w.]){name}(?![\w.])"
    patterns = [
        rf"\({name}\)",  # "one target (classes)", "the ozone reading (V4)"
        rf"\b(column|variable|field|factor)( variable)?( called| named)? [`'\"]?{word}",  # "a column called churn"
        rf"{word} being the (target|response|outcome)",
        rf"{word}\W[^.]{{0,80}}\b(is|are) the (target|response|outcome|dependent)",  # "CARAVAN: ... is the target variable"
    ]
    if any(re.search(p, sentence) for p in patterns):
        return True
    # "The goal is to predict the Anual Income of Household": the object of the verb, any case.
    return len(column) > 3 and re.search(rf"\b(predict|forecast|classify|recogni[sz]e)\s+(the\s+)?(\w+\s+){{0,3}}{word}", sentence, re.I) is not None


def _label_names(label):
    """Column names an item label documents: `wage`, `a, b and c`, `V1-V60`, `x.1 ... x.36`."""
    label = re.sub(r"[`'\"\u2018\u2019\u201c\u201d]", "", label).strip().rstrip(":").strip()
    names = []
    for piece in re.split(r"\s*(?:,|;|&|\band\b|\bor\b)\s*", label):
        piece = piece.strip(" :[]()")
        rng = re.fullmatch(r"([A-Za-z._]*?)(\d+)\s*(?:-+|–|to|\.\.\.|…|:)\s*\1?(\d+)", piece)
        if rng and int(rng.group(3)) - int(rng.group(2)) < 10000:
            names.extend(f"{rng.group(1)}{i}" for i in range(int(rng.group(2)), int(rng.group(3)) + 1))
        elif piece:
            names.append(piece)
    return names


def _norm(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def documented_meanings(items, columns):
    """column -> the \\format text describing it, matching names exactly, then ignoring case and punctuation.

    Items labelled only by their number (`4 \\tab Daily maximum ozone reading`) describe the column
    in that position, when they number every column.
    """
    numbered = {int(i.label): i.text for i in items if i.label.isdigit()}
    if numbered and sorted(numbered) == list(range(1, len(columns) + 1)):
        return {columns[n - 1]: text for n, text in numbered.items()}
    found = {}
    exact, lower, loose = set(columns), {c.lower(): c for c in columns}, {_norm(c): c for c in columns}
    for item in items:
        candidates = _label_names(item.label)
        first_word = item.label.split()[0].strip(":") if item.label.split() else ""
        for name in candidates + ([first_word] if first_word not in candidates else []):
            column = name if name in exact else lower.get(name.lower()) or loose.get(_norm(name))
            if column and column not in found:
                found[column] = item.text
    return found


def _card_type(info, series):
    kind = info.kind
    if kind in ("factor", "ordered"):
        return kind
    if kind == "logical":
        return "boolean"
    if kind in ("date", "datetime"):
        return "datetime"
    if kind == "time":
        return "integer" if series.dtype.kind == "i" else "datetime" if series.dtype == object else "number"
    if kind == "integer":
        return "integer"
    if kind == "double":
        values = series.dropna()
        return "integer" if len(values) and bool(((values % 1) == 0).all()) else "number"
    values = series.dropna().astype(str)
    if len(values) and values.str.len().mean() >= 30 and values.str.contains(r"\s").mean() >= 0.5 and values.nunique() / len(values) >= 0.5:
        return "text"
    return "string"


def _levels(info):
    if info.kind == "ordered":
        return "ordered levels: " + " < ".join(info.levels)
    return "levels: " + ", ".join(info.levels)


class CardBuilder:
    """Builds the card of one data object; `calls` are the package's model calls on that object,
    and its plots and tests (formulas.display_calls), which count only when nothing else documents a target."""

    def __init__(self, package, obj, table, page, calls, overrides):
        self.package, self.obj, self.table, self.page = package, obj, table, page
        self.calls = [c for c in calls if c.kind == "model"]
        self.displays = [c for c in calls if c.kind != "model"]
        self.overrides = overrides or {}
        self.frame = table.frame
        self.infos = {info.name: info for info in table.columns}
        self.origins = {}
        self.binary = {c for c in self.frame.columns if self.frame[c].dropna().nunique() <= 2}

    # -- targets -------------------------------------------------------------------------------

    def targets(self):
        """Documented targets from model calls, then from \\format words; failing those, from the page's
        sentences; a survival time and its indicator the \\format pairs; failing all, from plots and tests.
        Also the other outcome columns (a survival status, the second count of a binomial)."""
        targets, outcome_columns, seen = [], set(), set()
        columns = list(self.frame.columns)

        def add(column, family, kind, text, transform="", outcomes=()):
            outcome_columns.update(outcomes or [column])
            key = (column, family, transform)
            if key in seen:
                return
            seen.add(key)
            entry = {"column": column, "modelFamily": family, "evidence": {"kind": kind, "text": text}, "origin": "documented"}
            if transform:
                entry["transform"] = transform
            targets.append(entry)

        for call in self.calls:
            found = outcome(self._lhs(call), columns, call.derived, self.binary)
            if found is None:
                continue
            target = found.columns[0]
            family = "survival" if found.survival else model_family(call, self.infos[target].kind)
            kind = "package-docs" if call.where.startswith(SCRIPT_FOLDERS) or call.where == GROUPED_DATA else "r-example"
            # cbind(events, person-years) of a Poisson rate model (Epi's poisreg): the second is an exposure.
            add(target, family, kind, self._evidence(call), found.transform, found.columns[:1] if family == "poisson" else found.columns)
        documented = {t["column"] for t in targets}
        stated = [(c, f"{c}: {text}") for c, text in self.meanings.items() if _RESPONSE.search(text) and not _NOT_RESPONSE.search(text)]
        if not stated and not targets:
            stated = self._sentence_targets()
        for column, text in stated:
            if column not in documented:
                documented.add(column)
                add(column, self._family(column), "r-format", text)
        if not targets:
            for found in prose_targets(self.page, self.frame, self.infos, self.meanings):
                add(found.column, "classification" if found.classification else self._family(found.column), "r-prose", found.sentence)
        if not any(t["modelFamily"] == "survival" for t in targets):
            for pair in survival_pairs(self.meanings, self.frame):
                text = f"{pair.formula}: {pair.time}: {self.meanings[pair.time]}; {pair.status}: {self.meanings[pair.status]}"
                add(pair.time, "survival", "r-format-survival", text, outcomes=(pair.time, pair.status))
        if not targets:
            for call, found in self._display_targets():
                target = found.columns[0]
                family = "survival" if found.survival else self._family(target)
                add(target, family, f"r-example-{call.kind}", self._evidence(call), found.transform, found.columns)
        return targets, outcome_columns

    def _family(self, column):
        return "classification" if self.infos[column].kind in _CLASSIFIER_KINDS else "regression"

    def _lhs(self, call):
        """A call's left-hand side; `#k` (an x/y call's labels by position) is the k-th column of the data."""
        position = re.fullmatch(r"#(\d+)", call.lhs)
        if not position:
            return call.lhs
        columns = [c for c in self.frame.columns if c != "rowname"]
        k = int(position.group(1))
        return columns[k - 1] if 0 < k <= len(columns) else ""

    def _display_targets(self):
        """(call, outcome) of the plots and tests that study the one column most of them draw or test.

        That column must be the left-hand side (a ggplot's y) of at least two thirds of the displays
        with one column there, and at least one of them must test it across groups or draw it across
        the levels of a factor (`boxplot(y ~ g)`, `xyplot(y ~ year | state)`, `aes(class, hwy)`):
        drawn only against other measurements (`plot(Bush ~ Kerry)`, `aes(waiting, eruptions)` of a
        density grid) or along time (`aes(date, unemploy)`, one series of several) it is an axis or a
        series, not a quantity the page studies.
        """
        columns = list(self.frame.columns)
        drawn = []
        # Help pages only: a book's or vignette's exploratory plots (HSAUR3's introduction draws
        # log(marketvalue) against log(sales) and country) say what a chapter looks at, not the data's response.
        for call in (c for c in self.displays if not c.where.startswith(SCRIPT_FOLDERS)):
            found = outcome(call.lhs, columns, call.derived, self.binary)
            if found is None or (len(found.columns) != 1 and not found.survival):
                continue
            if call.function in NUMERIC_Y_DISPLAYS and self.infos[found.columns[0]].kind not in ("integer", "double"):
                continue
            drawn.append((call, found))
        counts = Counter(found.columns[0] for _, found in drawn)
        if not counts:
            return []
        top, n = counts.most_common(1)[0]
        if 3 * n < 2 * len(drawn):
            return []
        studied = [(call, found) for call, found in drawn if found.columns[0] == top and (call.kind == "test" or self._across_groups(call.rhs, found.columns))]
        return sorted(studied, key=lambda pair: pair[0].kind != "test")

    def _across_groups(self, rhs, studied):
        """Whether a right-hand side has a factor (a grouping of the rows) besides the studied columns:
        `y ~ g`, `y ~ year | state`; a series drawn against time alone (`unemploy ~ date`) is not compared across anything."""
        return any(name in self.infos and name not in studied and self.infos[name].kind in (*_CLASSIFIER_KINDS, "character") for name in re.findall(_IDENT, rhs))

    def _sentence_targets(self):
        """A target a sentence of the page names: `medv being the target variable`, `one target (classes)`,
        `contained in a column called churn`, `the goal is to predict the Anual Income`,
        `the last column is the class`, `the objective is to identify ... the 26 capital letters`."""
        if self.page is None:
            return []
        columns = [c for c in self.frame.columns if c != "rowname"]
        classes = [c for c in columns if re.fullmatch(r"class(es)?", c, re.I)]
        for sentence in re.split(r"(?<=[!?:])\s+|(?<=[^.]\.)\s+|\n+", f"{self.page.format}\n{self.page.description}\n{self.page.details}"):
            if not _TARGET_SENTENCE.search(sentence):
                continue
            named = [c for c in columns if _names_as_target(sentence, c)]
            if not named:
                # A meaning quoted by a sentence that, without it, still speaks of a target (not the
                # column's own \\format item, "sch.wide: Met school-wide growth target?").
                named = [c for c, m in self.meanings.items() if 1 < len(m.split()) <= 8 and m.lower().rstrip(".") in sentence.lower() and _TARGET_SENTENCE.search(sentence.lower().replace(m.lower().rstrip("."), " "))]
            if len(named) == 1:
                return [(named[0], squash(sentence)[:300])]
            if re.search(r"\blast (column|variable|one)\b|\bone last\b", sentence, re.I):
                return [(columns[-1], squash(sentence)[:300])]
            if re.search(r"\bclass(es)?\b", sentence, re.I) and len(classes) == 1:
                return [(classes[0], squash(sentence)[:300])]
        return []

    def _evidence(self, call):
        if call.where == GROUPED_DATA:
            return f"{call.formula} ({GROUPED_DATA} of {self.package.name}'s {self.obj})"
        own = self.page is not None and call.where == self.page.name and call.package in ("", self.package.name)
        where = "its examples" if own else f"?{call.where} examples" if not call.where.startswith(SCRIPT_FOLDERS) else call.where
        text = call.text if len(call.text) <= 400 else call.text[:397] + "..."
        if call.kind == "model" and call.formula not in call.text:
            # A formula the code named first: `f1 <- numobese ~ gender; geeglm(formula = f1, ...)`.
            text = f"{text} with the formula {call.formula}"
        return f"{text} ({call.package or self.package.name}, {where})"

    # -- columns -------------------------------------------------------------------------------

    @cached_property
    def meanings(self):
        """column -> its \\format description."""
        return documented_meanings(self.page.items, list(self.frame.columns)) if self.page else {}

    def _role(self, name, info, meaning, outcomes, grouping, design, times):
        """(role, origin): formula facts are documented; name and wording cues are inferences."""
        # timereg's "a numeric vector code. Survival status.": the storage type is no sign of a key.
        meaning = _STORAGE.sub("", meaning)
        series = self.frame[name]
        repeats = series.nunique(dropna=True) < len(series.dropna())
        if name in outcomes:
            return "outcome", "documented"
        # A documented time index stays one even where another call groups by it (plm's `index =
        # c("firm", "year")` and a random effect `| year`): a split must respect time.
        if name in times or info.kind == "time":
            return "time", "documented" if name in times else "inferred"
        if name in grouping:
            return "grouping", "documented"
        if name in design:
            return "design", "documented"
        keyish = info.kind in ("character", "factor", "integer") and (_GROUP_KEY.search(meaning) or _GROUP_NAME.match(name) or _ID_NAME.match(name) or _ID_WORDS.search(meaning))
        distinct = series.nunique(dropna=True)
        if name == "rowname" or (keyish and distinct >= 0.9 * max(len(series.dropna()), 1)):
            return "identifier", "inferred"
        if keyish and repeats and not _TIME_NAME.match(name):
            return "grouping", "inferred"
        if _OUTCOME_NAME.match(name):
            return "outcome", "inferred"
        if _TIME_NAME.match(name) or info.kind in ("date", "datetime") or _TIME_WORDS.search(meaning):
            return "time", "inferred"
        if _DESIGN_WORDS.search(meaning):
            return "design", "inferred"
        return "input", "inferred"

    def columns(self, outcomes):
        keys = {k for call in self.calls for k in call.grouping if k in self.infos}
        # strata(sex) in a Cox model stratifies by a design factor; only a key with many values is a grouping of units.
        strata = {k for call in self.calls for k in call.strata if k in self.infos}
        grouping = keys | {k for k in strata if self.frame[k].nunique() >= _MIN_GROUPS}
        design = strata - grouping
        times = {t for call in self.calls for t in call.time}
        cards = []
        for name in self.frame.columns:
            info = self.infos[name]
            meaning = self.meanings.get(name, "")
            origin = "documented" if meaning else "inferred"
            if not meaning:
                meaning = self._undocumented_meaning(name, info)
            column = {"name": name, "meaning": meaning, "type": _card_type(info, self.frame[name]), "origin": origin}
            unit = parse_unit(meaning) if origin == "documented" else None
            if info.unit:
                unit, unit_origin = info.unit, "inferred"
            else:
                unit_origin = "documented"
            if unit:
                column["unit"] = unit
                self.origins[f"columns.{name}.unit"] = unit_origin
            coding = parse_coding(meaning) if origin == "documented" else None
            if coding:
                column["coding"] = coding
                self.origins[f"columns.{name}.coding"] = "documented"
            elif info.kind in ("factor", "ordered"):
                column["coding"] = _levels(info)
                self.origins[f"columns.{name}.coding"] = "inferred"
            role, role_origin = self._role(name, info, meaning if origin == "documented" else "", outcomes, grouping, design, times)
            column["role"] = role
            self.origins[f"columns.{name}.role"] = role_origin
            cards.append(column)
        return cards

    def _undocumented_meaning(self, name, info):
        if name == "rowname":
            return "The row names of the R data frame (an identifier of each row)."
        if info.kind == "time":
            return f"Time index of the series ({self.table.frequency:g} observations per unit of time, from the ts attributes)."
        return ""

    # -- the card ------------------------------------------------------------------------------

    def build(self):
        page = self.page
        targets, outcomes = self.targets()
        columns = self.columns(outcomes)
        self._apply_overrides(columns, targets)
        title = page.title if page and page.title else self.obj
        description = "\n\n".join(p for p in (page.description, page.details) if p) if page else ""
        citation = "\n\n".join(p for p in (page.source, ("References: " + page.references) if page.references else "") if p) if page else ""
        card = {
            "title": title,
            "description": description,
            "source": {
                "package": self.package.name,
                "object": self.obj,
                "documentation": f"R help page ?{page.name} ({page.file}) of {self.package.name} {self.package.version}" if page else f"no help page in {self.package.name}",
            },
            "license": self.package.license or "unknown",
            "columns": columns,
            "targets": targets,
            "origins": {
                "title": "documented" if page and page.title else "inferred",
                "description": "documented" if description else "inferred",
                "license": "documented" if self.package.license else "inferred",
                **({"citation": "documented"} if citation else {}),
                **self.origins,
            },
        }
        if citation:
            card["citation"] = citation
        return card

    def _apply_overrides(self, columns, targets):
        by_name = {c["name"]: c for c in columns}
        for name, fix in self.overrides.get("columns", {}).items():
            column = by_name[name]
            for key in ("meaning", "unit", "coding", "role", "type"):
                if key in fix:
                    column[key] = fix[key]
            column["origin"] = "override"
            column["overrideReason"] = fix["reason"]
            if "role" in fix:
                self.origins[f"columns.{name}.role"] = "override"
        for fix in self.overrides.get("targets", []):
            targets.append(
                {
                    "column": fix["column"],
                    "modelFamily": fix["modelFamily"],
                    "evidence": {"kind": "override", "text": fix["evidence"]},
                    "origin": "override",
                    "overrideReason": fix["reason"],
                }
            )
            column = by_name[fix["column"]]
            if column["role"] != "outcome":
                column["role"] = "outcome"
                self.origins[f"columns.{fix['column']}.role"] = "override"
