"""Scores a submission with a task's own metric.py.

metric.py defines `score(submission, answers) -> float`: two pandas DataFrames with the same ids in
the same order (answers without its leaderboard column). Called once for the public and once for
the private leaderboard rows; prints {"public": x, "private": y} as JSON.
"""
import importlib.util
import json
import math
import sys

import pandas as pd


def load_metric(path):
    spec = importlib.util.spec_from_file_location("task_metric", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "score", None)):
        raise SystemExit(f"{path}: defines no function score(submission, answers)")
    return module.score


def main(metric_path, submission_path, answers_path, id_column):
    score = load_metric(metric_path)
    submission = pd.read_csv(submission_path, dtype={id_column: str})
    answers = pd.read_csv(answers_path, dtype={id_column: str})
    merged_ids = answers[[id_column, "leaderboard"]]
    result = {}
    for board in ("public", "private"):
        ids = merged_ids.loc[merged_ids["leaderboard"] == board, id_column]
        if len(ids) == 0:
            result[board] = None
            continue
        truth = answers.set_index(id_column).loc[ids].drop(columns=["leaderboard"]).reset_index()
        pred = submission.set_index(id_column).loc[ids].reset_index()
        value = float(score(pred, truth))
        if not math.isfinite(value):
            raise ValueError(f"metric returned {value} on the {board} rows")
        result[board] = value
    print(json.dumps(result))


if __name__ == "__main__":
    try:
        main(*sys.argv[1:5])
    except SystemExit:
        raise
    except Exception as exc:  # reported to the grader as a metric failure, with its type
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(3)
