"""Scores a submission of an MLE Arena task with its catalog metric (written by `arena tasks export`).

SPEC holds the task's columns and the scikit-learn calls that compute its metric, first choice
first (a later one serves scikit-learn versions where an earlier one's arguments are gone).
"""
import json
import types

import numpy as np
import pandas as pd
import scipy.stats
import sklearn.metrics

SPEC = json.loads(r"""__SPEC__""")


class SubmissionError(ValueError):
    """The submission does not fit the task's format."""


def check_submission(submission, answers):
    """Columns present, each id once, and exactly the answers' ids."""
    id_column = SPEC["idColumn"]
    missing = [c for c in [id_column] + SPEC["predictionColumns"] if c not in submission.columns]
    if missing:
        raise SubmissionError(f"missing columns {missing} (found {list(submission.columns)})")
    ids = submission[id_column].astype(str)
    if ids.duplicated().any():
        raise SubmissionError(f"duplicate id {ids[ids.duplicated()].iloc[0]}")
    expected = set(answers[id_column].astype(str))
    if set(ids) != expected:
        raise SubmissionError(f"{len(expected - set(ids))} ids missing and {len(set(ids) - expected)} unknown ids")


def metric_inputs(submission, answers):
    id_column, target, classes = SPEC["idColumn"], SPEC["target"], SPEC["classes"]
    truth = answers.assign(**{id_column: answers[id_column].astype(str)}).set_index(id_column)
    pred = submission.assign(**{id_column: submission[id_column].astype(str)}).set_index(id_column).loc[truth.index]
    form = SPEC["form"]
    if form == "values":
        return {"y_true": truth[target].astype(float).to_numpy(), "y_pred": pred[SPEC["predictionColumns"][0]].astype(float).to_numpy()}
    labels = truth[target].astype(str).to_numpy()
    if form == "labels":
        return {"y_true": labels, "y_pred": pred[SPEC["predictionColumns"][0]].astype(str).to_numpy(), "classes": classes, "positive_class": SPEC["positiveClass"]}
    if form == "binary-scores":
        # y_true is 1 for the positive class; y_proba its two columns [P(not positive), P(positive)].
        score = pred[SPEC["predictionColumns"][0]].astype(float).to_numpy()
        return {"y_true": (labels == SPEC["positiveClass"]).astype(int), "y_score": score, "y_proba": np.column_stack([1 - score, score]), "classes": [0, 1]}
    proba = pred[classes].astype(float).to_numpy()
    return {"y_true": labels, "y_proba": proba, "classes": classes}


def arena_score(submission, answers):
    check_submission(submission, answers)
    names = {**vars(sklearn.metrics), "scipy": scipy, "np": np, "params": types.SimpleNamespace(**SPEC["params"])}
    names.update(metric_inputs(submission, answers))
    failures = []
    for call in SPEC["calls"]:
        try:
            return float(eval(call, names))
        except (TypeError, NameError) as exc:  # an argument or function this scikit-learn lacks
            failures.append(f"{call}: {exc}")
    raise RuntimeError("; ".join(failures))
