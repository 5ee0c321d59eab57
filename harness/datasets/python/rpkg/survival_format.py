"""Survival outcomes a help page documents in its \\format entries rather than in a model formula.

Survival texts such as Klein and Moeschberger's (the KMsurv package) document each data set by its
columns only: `time: Time to death or on-study time, months` and `delta: Death indicator (0=alive,
1=dead)`. Such a page documents a censored time to an event and that event's indicator, which is
what `Surv(time, delta)` models. A time column pairs with the 0/1 (or two-valued) column whose
description names the same event; when the page has one survival (or follow-up) time and one
censoring column, they pair even without a common word (`time: Survival time in days`, `status:
censoring status 1=censored, 2=dead`). The event value is written out (`Surv(time, status == 2)`) when the
coding says which value is the event.
"""
import re
from dataclasses import dataclass

# A time to an event, not a clock time ("Descent time (military time)") or a calendar date.
_TIME_TO_EVENT = re.compile(
    r"\b(time (to|until|till)|survival time|(survival|follow-?up|on[- ]study|observation) time|duration of|days to|months to|weeks to|years to|time of (death|relapse|recurrence|failure|event)|time in (the )?study)\b",
    re.I,
)
_CENSORING = re.compile(r"\b(censor\w*|indicator|status)\b", re.I)
# Without a common word, only an explicit survival time pairs with an explicit censoring column
# (not "Duration of diabetes at baseline" with "Binary indicator of retinopathy progression").
_SURVIVAL_TIME = re.compile(r"\b(survival|follow-?up|on[- ]study) time\b|\btime to (death|event|failure)\b", re.I)
_CENSOR_COLUMN = re.compile(r"\bcensor\w*", re.I)
# Words that say nothing about which event a column is about.
_GENERIC = set(
    """
    time times to until till or and of the a an in on at for from by with study studies indicator status code coded
    censoring censored censor end last follow followup observation observed numeric vector factor months month
    years year weeks week days day hours yes not never value values variable first date patient patients subject
    """.split()
)
_SYNONYMS = {"dead": "death", "died": "death", "dies": "death", "die": "death", "deaths": "death", "relapsed": "relapse", "recurred": "recurrence"}
# How a coding names the event and the censoring (`1=dead`, `0- censored`, `1: blindness`).
_EVENT_WORDS = re.compile(r"\b(dead|death|died|event|relapse\w*|recurren\w*|yes|developed|fail\w*|infect\w*|blind\w*|occurred|excision|dropout)\b", re.I)
_CENSOR_WORDS = re.compile(r"\b(alive|censor\w*|no|never|not|without|free|surviv\w*)\b", re.I)
_CODE_PAIR = re.compile(r"(-?\d+)\s*(?:=|-|:)\s*([A-Za-z][^,;=()\d]*)|([A-Za-z][\w ]*?)\s*=\s*(-?\d+)")


@dataclass
class SurvivalPair:
    time: str
    status: str
    event: str  # the status value marking the event, or "" when the status is 0/1

    @property
    def formula(self):
        return f"Surv({self.time}, {self.status} == {self.event})" if self.event else f"Surv({self.time}, {self.status})"


def _words(text):
    """The content words of a description, dead/died/death as one."""
    found = set()
    for word in re.findall(r"[a-z]+", text.lower()):
        word = _SYNONYMS.get(word, word)
        if len(word) >= 3 and word not in _GENERIC:
            found.add(word)
    return found


def _without_coding(text):
    """A description without its coding (`Death indicator (0=alive, 1=dead)` -> `Death indicator`)."""
    return re.split(r"\(|\d\s*[=:-]|:\s*\d", text, maxsplit=1)[0]


def event_value(meaning, values):
    """The status value the coding names as the event, given the column's distinct values; "" when
    the values are 0 and 1 and the coding does not contradict 1 being the event; None when unclear."""
    labels = {}
    for match in _CODE_PAIR.finditer(meaning):
        value, label = (match.group(1), match.group(2)) if match.group(1) is not None else (match.group(4), match.group(3))
        labels[value] = label.strip()
    present = {str(v) for v in values}
    events = [v for v, label in labels.items() if v in present and _EVENT_WORDS.search(label) and not _CENSOR_WORDS.search(label)]
    censored = [v for v, label in labels.items() if v in present and _CENSOR_WORDS.search(label) and not _EVENT_WORDS.search(label)]
    if len(events) == 1 and (not censored or events[0] not in censored):
        return "" if events[0] == "1" and present == {"0", "1"} else events[0]
    if present == {"0", "1"} and not labels:
        return ""
    if present == {"0", "1"} and censored == ["0"]:
        return ""
    return None


def _two_valued(series):
    values = series.dropna().unique()
    if len(values) != 2:
        return None
    as_int = []
    for v in values:
        if isinstance(v, bool) or not float(v).is_integer():
            return None
        as_int.append(int(v))
    return sorted(as_int)


def _numeric(series):
    return series.dtype.kind in "iuf"


def survival_pairs(meanings, frame):
    """The (time, status) pairs the \\format meanings document, best-matched first; each column once."""
    times = [c for c, m in meanings.items() if c in frame and _numeric(frame[c]) and _TIME_TO_EVENT.search(m) and frame[c].dropna().nunique() > 2]
    statuses = {}
    for column, meaning in meanings.items():
        if column in times or column not in frame or not _numeric(frame[column]):
            continue
        values = _two_valued(frame[column])
        if values is None:
            continue
        event = event_value(meaning, values)
        if event is not None:
            statuses[column] = event
    scored = []
    for time in times:
        time_words = _words(meanings[time])
        for status in statuses:
            # The event a status names is in the words before its coding (`Death indicator (0=alive,
            # 1=dead)`), or in the coding when it is all there is (`0= alive without recurrence, 1= recurrence or death`).
            named = _words(_without_coding(meanings[status]))
            words = named or _words(meanings[status])
            shared = time_words & words
            # A 0/1 column that is no indicator must be about the time's event and little else (`Reinfection
            # (1=yes, 0=no)` for `Time to reinfection`; not `MTX used as a graft-versus-host prophylactic`).
            if named and not _CENSORING.search(meanings[status]) and len(shared) * 2 <= len(named):
                continue
            scored.append((len(shared), _same_suffix(time, status), time, status))
    pairs, used = [], set()
    for score, suffix, time, status in sorted(scored, key=lambda s: (-s[0], -s[1])):
        if score == 0 or time in used or status in used:
            continue
        rivals = [s for s in scored if s[2] == time and s[3] not in used and (s[0], s[1]) == (score, suffix) and s[3] != status]
        if rivals:
            continue  # two indicators match this time equally well: the page does not say which
        used.update((time, status))
        pairs.append(SurvivalPair(time, status, statuses[status]))
    if not pairs:
        censoring = [s for s in statuses if _CENSOR_COLUMN.search(meanings[s])]
        if len(times) == 1 and len(censoring) == 1 and _SURVIVAL_TIME.search(meanings[times[0]]):
            pairs.append(SurvivalPair(times[0], censoring[0], statuses[censoring[0]]))
    return pairs


def _same_suffix(time, status):
    """Whether two names differ only in their first letter (`t1`/`d1`, `ta`/`da`, `T3`/`D3`)."""
    return int(len(time) > 1 and time[1:].lower() == status[1:].lower())
