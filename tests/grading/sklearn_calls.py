#!/usr/bin/python3
"""Evaluates the scikit-learn calls the metric registry documents, for tests/grading/registry.test.ts.

Reads a JSON list on stdin: {key, call, y_true, y_pred?, y_score?, y_proba?, classes?,
positive_class?, params}. Each `call` (e.g. 'mean_squared_error(y_true, y_pred, squared=False)')
is evaluated with those names bound, every sklearn.metrics function and scipy in scope. Prints
{key: {"value": x} | {"error": message}}. Must run under Debian's /usr/bin/python3.
"""
import json
import sys
import types
import warnings

import numpy as np
import scipy.stats  # binds `scipy`; calls name scipy.stats.spearmanr
from sklearn import metrics


def namespace(case):
    scope = {name: getattr(metrics, name) for name in dir(metrics) if not name.startswith("_")}
    scope["scipy"] = scipy
    scope["params"] = types.SimpleNamespace(**case.get("params", {}))
    for name in ("y_true", "y_pred", "y_score", "y_proba", "classes", "positive_class"):
        if name in case:
            value = case[name]
            scope[name] = np.array(value) if isinstance(value, list) and name != "classes" else value
    return scope


def main():
    out = {}
    for case in json.load(sys.stdin):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out[case["key"]] = {"value": float(eval(case["call"], namespace(case)))}  # noqa: S307 (the registry's own text)
        except Exception as e:  # noqa: BLE001 (report any failure of a documented call)
            out[case["key"]] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
