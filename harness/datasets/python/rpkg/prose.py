"""Documented targets a help page states only in its prose (title, \\description, \\details).

Pages of classification and teaching data often say what the data are for in a sentence rather
than in a model formula:
  - the classes a column holds: "For each patient the cancer was diagnosed as malignant or benign"
    (mclust wdbc, whose Diagnosis is coded `M = malignant, B = benign`), "used to predict whether a
    patient's thyroid can be classified as euthyroidism ..., hypothyroidism ... or hyperthyroidism"
    (thyroid's Diagnosis: Hypo, Normal, Hyper);
  - a column named as what rows are classified as: "children were classified as obese or not obese";
  - what the response or the outcome variables are: "with response given by subject's score on a
    vocabulary test" (GSSvocab's vocab), "chosen as outcome variables: written paper and course work";
  - the position of the class: "the first column is the classification";
  - a `class` column of a page that speaks of classifying or predicting ("two classes", "classification
    models ... to predict which patients ...");
  - "a factor column for a class variable" when one column is a factor;
  - the object of "predict": "to try to predict who works remotely" (stackoverflow's Remote).
Each rule names one column or none; a sentence that fits several columns names none.
"""
import re
from dataclasses import dataclass

from .rd import squash

_CLASSIFY = re.compile(r"\b(classif\w*|diagnos\w*|predict\w*|discriminat\w*|distinguish\w*)\b", re.I)
_CLASSIFIED_AS = re.compile(r"\b(classified|diagnosed|categori[sz]ed|labell?ed) as (being )?([A-Za-z][\w.]*)", re.I)
_RESPONSE_GIVEN = re.compile(r"\b(?:response|outcome)s? (?:is |are |was |were )?(?:given|measured|recorded) (?:by|as) ([^,;.]+)", re.I)
_OUTCOME_LIST = re.compile(r"\b(?:outcome|response) variables?\s*(?:are|were)?\s*:\s*([^.;]+)", re.I)
_POSITION = re.compile(r"\b(first|last) column is the (class\w*|response|outcome|target|label)\b", re.I)
_CLASS_TALK = re.compile(r"\b(classif\w+|(two|three|four|five|\d+) classes|predict\w*|the outcome)\b", re.I)
_CLASS_NAME = re.compile(r"^class(es)?$", re.I)
_FACTOR_CLASS = re.compile(r"\b(factor|categorical) (column|variable) (for|with|holding|containing) (a|the) (class|outcome|response|label)\b", re.I)
# "predict" and the (up to four) words after it.
_PREDICT_OBJECT = re.compile(r"\bpredict\w*\s+((?:[\w']+[\s,]+){0,3}[\w']+)", re.I)
_BINARY_WORDS = {"yes", "no", "true", "false", "0", "1"}
_STOP = set("the a an of on in to for by and or with at from is are was were be its their his her this that as".split())
_CLASS_KINDS = ("factor", "ordered", "logical")


@dataclass
class ProseTarget:
    column: str
    sentence: str
    classification: bool  # the sentence speaks of classes


def sentences(page):
    """The sentences of a page's title, description and details, whitespace squashed (a colon does
    not end one: "chosen as outcome variables: written paper and course work")."""
    text = "\n".join((page.title, page.description, page.details))
    return [squash(s) for s in re.split(r"(?<=[!?])\s+|(?<=[^.]\.)\s+|\n+", text) if s.strip()]


def _labels(meaning):
    """The labels a coding gives its codes: `M = malignant, B = benign` -> malignant, benign."""
    return [m.group(1) for m in re.finditer(r"(?:^|[\s,;:(])[\w.-]+\s*=\s*([A-Za-z][A-Za-z-]*)", meaning)]


def _label_in(label, words, raw):
    """A label appears: a short one exactly as written (`VF`, `M`), a longer one as a word's start
    (`Hypo` in hypothyroidism), any case."""
    if len(label) <= 3:
        return label in raw
    return any(w.startswith(label.lower()) for w in words)


def _levels_named(sentence, columns, infos, meanings, frame):
    """The one column all of whose classes (factor levels, or the labels of its coding) the sentence names."""
    raw = re.findall(r"[A-Za-z0-9]+", sentence)
    words = [w.lower() for w in raw]
    named = []
    for column in columns:
        if frame[column].dropna().nunique() > 10:
            continue
        for labels in (infos[column].levels, _labels(meanings.get(column, ""))):
            if len(labels) >= 2 and not {x.lower() for x in labels} <= _BINARY_WORDS and all(_label_in(x, words, raw) for x in labels):
                named.append(column)
                break
    return named


def _piece_column(piece, columns, meanings):
    """The one column a phrase names: by its name (or a word the name begins, `vocabulary` for vocab),
    else by two or more words of its documented meaning."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w.]*", piece)]
    by_name = [c for c in columns if any(w == c.lower() or (len(c) >= 4 and w.startswith(c.lower())) for w in words)]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        return None
    content = {w for w in words if w not in _STOP and len(w) > 2}
    scores = {c: len(content & {w.lower() for w in re.findall(r"[A-Za-z]+", meanings.get(c, "")) if len(w) > 2}) for c in columns}
    best = max(scores.values(), default=0)
    winners = [c for c, s in scores.items() if s == best]
    return winners[0] if best >= 2 and len(winners) == 1 else None


def _phrase_columns(phrase, columns, meanings):
    pieces = [p for p in re.split(r",|;|\band\b", phrase) if p.strip()]
    found = [_piece_column(p, columns, meanings) for p in pieces]
    return found if found and all(found) else []


def prose_targets(page, frame, infos, meanings):
    """The targets the page's sentences state, by the first rule that names columns."""
    if page is None:
        return []
    columns = [c for c in frame.columns if c != "rowname"]
    lowered = {c.lower(): c for c in columns}
    for sentence in sentences(page):
        quoted = sentence[:300]
        given = _RESPONSE_GIVEN.search(sentence) or _OUTCOME_LIST.search(sentence)
        if given:
            found = _phrase_columns(given.group(1), columns, meanings)
            if found:
                return [ProseTarget(c, quoted, False) for c in dict.fromkeys(found)]
        position = _POSITION.search(sentence)
        if position:
            return [ProseTarget(columns[0] if position.group(1).lower() == "first" else columns[-1], quoted, True)]
        if _CLASSIFY.search(sentence):
            named = _levels_named(sentence, columns, infos, meanings, frame)
            if len(named) == 1:
                return [ProseTarget(named[0], quoted, True)]
        classified = _CLASSIFIED_AS.search(sentence)
        if classified and len(classified.group(3)) > 3 and classified.group(3).lower() in lowered:
            return [ProseTarget(lowered[classified.group(3).lower()], quoted, True)]
        classes = [c for c in columns if _CLASS_NAME.match(c)]
        if _CLASS_TALK.search(sentence) and len(classes) == 1:
            return [ProseTarget(classes[0], quoted, True)]
        factors = [c for c in columns if infos[c].kind in _CLASS_KINDS]
        if _FACTOR_CLASS.search(sentence) and len(factors) == 1:
            return [ProseTarget(factors[0], quoted, True)]
        for match in _PREDICT_OBJECT.finditer(sentence):
            words = [w.lower().strip(",") for w in match.group(1).split()]
            named = [c for c in columns if len(c) >= 5 and any(w.startswith(c.lower()) for w in words)]
            if len(named) == 1:
                return [ProseTarget(named[0], quoted, infos[named[0]].kind in _CLASS_KINDS)]
    return []
