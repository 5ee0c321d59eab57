#!/usr/bin/python3
"""Reference values for tests/grading/metrics.test.ts.

Reads a JSON list of cases on stdin; each case holds one metric input and the metrics to score on
it. Prints {case id: {metric key: {"value": x} | {"error": message} | {"nonfinite": repr}}}.
"error" means scikit-learn/scipy raised ValueError; "nonfinite" means it returned NaN or inf.
Must run under Debian's /usr/bin/python3 (scikit-learn 1.2.1, scipy 1.10).
"""
import json
import math
import sys
import warnings

import numpy as np
from scipy.stats import spearmanr
from sklearn import metrics as skm


def apk(actual, predicted, k):
    """Average precision at k, the Kaggle / ml_metrics definition, written out plainly."""
    if len(predicted) > k:
        predicted = predicted[:k]
    score = 0.0
    num_hits = 0.0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            num_hits += 1.0
            score += num_hits / (i + 1.0)
    if not actual:
        return 0.0
    return score / min(len(actual), k)


def labels_metric(name, params, case):
    classes = np.array(case["classes"])
    y_true = classes[np.array(case["yTrue"], dtype=np.int64)]
    y_pred = classes[np.array(case["yPred"], dtype=np.int64)]
    if name == "accuracy":
        return skm.accuracy_score(y_true, y_pred)
    if name == "balanced_accuracy":
        return skm.balanced_accuracy_score(y_true, y_pred)
    if name == "f1":
        pos = params.get("positiveClass", case["classes"][1])
        return skm.f1_score(y_true, y_pred, pos_label=pos, average="binary")
    if name in ("f1_macro", "f1_micro", "f1_weighted"):
        return skm.f1_score(y_true, y_pred, average=name[3:])
    if name == "precision_macro":
        return skm.precision_score(y_true, y_pred, average="macro")
    if name == "recall_macro":
        return skm.recall_score(y_true, y_pred, average="macro")
    if name == "mcc":
        return skm.matthews_corrcoef(y_true, y_pred)
    if name == "cohen_kappa":
        return skm.cohen_kappa_score(y_true, y_pred)
    if name == "quadratic_weighted_kappa":
        return skm.cohen_kappa_score(y_true, y_pred, labels=case["classes"], weights="quadratic")
    raise KeyError(name)


def binary_metric(name, case):
    y = np.array(case["yTrue"], dtype=np.int64)
    score = np.array(case["score"], dtype=np.float64)
    if name == "log_loss":
        return skm.log_loss(y, score, labels=[0, 1])
    if name == "roc_auc":
        return skm.roc_auc_score(y, score)
    if name == "average_precision":
        return skm.average_precision_score(y, score)
    raise KeyError(name)


def proba_metric(name, case):
    k = len(case["classes"])
    y = np.array(case["yTrue"], dtype=np.int64)
    proba = np.array(case["proba"], dtype=np.float64).reshape(-1, k)
    if name == "log_loss":
        return skm.log_loss(y, proba, labels=list(range(k)))
    if name == "roc_auc":
        if k == 2:
            return skm.roc_auc_score(y, proba[:, 1])
        return skm.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=list(range(k)))
    raise KeyError(name)


def values_metric(name, params, case):
    t = np.array(case["yTrue"], dtype=np.float64)
    p = np.array(case["yPred"], dtype=np.float64)
    if name == "poisson_deviance":
        return skm.mean_poisson_deviance(t, p)
    if name == "gamma_deviance":
        return skm.mean_gamma_deviance(t, p)
    if name == "tweedie_deviance":
        return skm.mean_tweedie_deviance(t, p, power=params.get("power", 1.5))
    if name == "mase":
        # No scikit-learn function: the plain definition in numpy, the scale given.
        return np.mean(np.abs(t - p)) / params["scale"]
    if name == "mse":
        return skm.mean_squared_error(t, p)
    if name == "rmse":
        return skm.mean_squared_error(t, p, squared=False)
    if name == "mae":
        return skm.mean_absolute_error(t, p)
    if name == "rmsle":
        return skm.mean_squared_log_error(t, p, squared=False)
    if name == "r2":
        return skm.r2_score(t, p)
    if name == "mape":
        return skm.mean_absolute_percentage_error(t, p)
    if name == "median_ae":
        return skm.median_absolute_error(t, p)
    if name == "spearman":
        return spearmanr(t, p).correlation
    raise KeyError(name)


def rankings_metric(name, params, case):
    if name != "map_at_k":
        raise KeyError(name)
    k = params.get("k", 10)
    return np.mean([apk(a, p, k) for a, p in zip(case["relevant"], case["predicted"])])


def naive_scale(name, params, case):
    """MASE's denominator: the in-sample mean absolute error of the (seasonal) naive forecast."""
    if name != "naive_scale":
        raise KeyError(name)
    y = np.array(case["values"], dtype=np.float64)
    m = params["period"]
    return np.mean(np.abs(y[m:] - y[:-m]))


def numpy_reduction(name, case):
    values = np.array(case["values"], dtype=np.float64)
    if name == "sum":
        return np.sum(values)
    if name == "mean":
        return np.mean(values)
    raise KeyError(name)


def compute(case, name, params):
    kind = case["kind"]
    if kind == "labels":
        return labels_metric(name, params, case)
    if kind == "binary-scores":
        return binary_metric(name, case)
    if kind == "class-probabilities":
        return proba_metric(name, case)
    if kind == "values":
        return values_metric(name, params, case)
    if kind == "rankings":
        return rankings_metric(name, params, case)
    if kind == "numpy":
        return numpy_reduction(name, case)
    if kind == "series":
        return naive_scale(name, params, case)
    raise KeyError(kind)


def main():
    cases = json.load(sys.stdin)
    out = {}
    for case in cases:
        results = {}
        for metric in case["metrics"]:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    value = float(compute(case, metric["name"], metric.get("params", {})))
            except ValueError as e:
                results[metric["key"]] = {"error": str(e)}
                continue
            results[metric["key"]] = {"value": value} if math.isfinite(value) else {"nonfinite": repr(value)}
        out[case["id"]] = results
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
