"""Scores a submission of an MLE Arena task with its metric (written by `arena tasks export`).

SPEC holds the task's columns and the calls that compute its catalog metric, first choice first (a
later one serves scikit-learn versions where an earlier one's arguments are gone): scikit-learn's,
or a function defined here for a metric scikit-learn lacks (map_at_k). A task with its own
metric.py (form "custom") is scored by that file, shipped beside this one as arena_metric.py.
"""
import importlib.util
import json
import types
from pathlib import Path

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


def items(value):
    """A ranked list as written: space-separated ids (an empty cell, read as NaN, lists none)."""
    return [] if pd.isna(value) else [item for item in str(value).split(" ") if item]


def map_at_k(actual, predicted, k):
    """Mean over rows of average precision at k (the Kaggle / ml_metrics apk): at each rank i <= k
    that hits a relevant item not listed before, hits so far / i; summed, over min(|relevant|, k)."""
    scores = []
    for relevant, listed in zip(actual, predicted):
        listed = listed[:k]
        hits, total = 0, 0.0
        for i, item in enumerate(listed):
            if item in relevant and item not in listed[:i]:
                hits += 1
                total += hits / (i + 1)
        scores.append(total / min(len(relevant), k) if relevant else 0.0)
    return float(np.mean(scores))


def aligned(submission, answers):
    """The answers and the submission's rows in the answers' order, ids as text."""
    id_column = SPEC["idColumn"]
    truth = answers.assign(**{id_column: answers[id_column].astype(str)}).set_index(id_column)
    pred = submission.assign(**{id_column: submission[id_column].astype(str)}).set_index(id_column).loc[truth.index]
    return truth, pred


def custom_score(submission, answers):
    """The task's metric.py as `arena grade` calls it: score(submission, answers), same ids in the
    same order, the answers without their leaderboard column."""
    spec = importlib.util.spec_from_file_location("arena_metric", Path(__file__).with_name("arena_metric.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    truth, pred = aligned(submission, answers)
    truth = truth.drop(columns=["leaderboard"], errors="ignore").reset_index()
    return float(module.score(pred.reset_index(), truth))


def metric_inputs(submission, answers):
    target, classes = SPEC["target"], SPEC["classes"]
    truth, pred = aligned(submission, answers)
    form = SPEC["form"]
    if form == "rankings":
        return {"y_true": [items(v) for v in truth[target]], "y_pred": [items(v) for v in pred[SPEC["predictionColumns"][0]]]}
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
    if SPEC["form"] == "custom":
        return custom_score(submission, answers)
    names = {**vars(sklearn.metrics), "map_at_k": map_at_k, "scipy": scipy, "np": np, "params": types.SimpleNamespace(**SPEC["params"])}
    names.update(metric_inputs(submission, answers))
    failures = []
    for call in SPEC["calls"]:
        try:
            return float(eval(call, names))
        except (TypeError, NameError) as exc:  # an argument or function this scikit-learn lacks
            failures.append(f"{call}: {exc}")
    raise RuntimeError("; ".join(failures))
