"""forecast-history: in a forecast, the target's lag columns (`co2_lag_12`, as the recipe preparer names
them) are the series' own past, what a forecast is made from, so no column screen reports them. That
holds only while every value a test row is given was observed in training: with a lag shorter than the
test period, a later test row shows an earlier test row's answer, and this check fails."""
import re

from .report import col, pct, result
from .values import norm


def lag_columns(columns, target):
    """The columns named as lags of `target`."""
    pattern = re.compile(rf"^{re.escape(target)}_lag_\d+$")
    return [c for c in columns if pattern.match(c)]


def unseen_in_training(train, test, target, column):
    """(values of `column` in test.csv that are not among train.csv's targets, values given), blanks aside."""
    seen = set(norm(train[target]))
    given = norm(test[column])
    given = given[given != ""]
    return int((~given.isin(seen)).sum()), len(given)


def series_history(objective, train, test, targets):
    """Per forecast lag column: (test values unseen in training, test values given)."""
    if objective != "forecasting":
        return {}
    return {c: unseen_in_training(train, test, t, c)
            for t in targets if t in train.columns
            for c in lag_columns(train.columns, t) if c in test.columns}


def check_forecast_history(d):
    lags = d.lags
    if not lags:
        return result(True, "no lag columns of a forecast target")
    answers = {t: set(norm(d.test_joined[f"__answer__{t}"])) for t in d.test_targets} if d.test_joined is not None else {}
    leaking = {c: n for c, n in lags.items() if n[0] > 0}
    history = sorted(c for c in lags if c not in leaking)
    if not leaking:
        return result(True, f"every value the lag columns {', '.join(col(c) for c in history)} give a test row was observed in training: they are the series' past", history=history)
    msgs = []
    for c, (unseen, given) in leaking.items():
        values = set(norm(d.test[c])) - {""}
        answered = any(values & a for a in answers.values())
        msgs.append(f"test.csv column {col(c)} gives {unseen} of {given} test rows ({pct(unseen / given)}) a value never observed in training"
                    + (", among them test answers: the lag is shorter than the test period, so a later test row shows an earlier one's answer" if answered else ""))
    for c in leaking:
        d.flagged.setdefault(c, "forecast-history")
    return result(False, "; ".join(msgs), drop=list(leaking), history=history)
