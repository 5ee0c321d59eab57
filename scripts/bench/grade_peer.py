"""The peer the grading benchmark compares against: pandas.read_csv + sklearn.metrics doing the
same job as `arena grade` (read answers and submission, align by id, score public and private rows)."""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import log_loss, mean_poisson_deviance, mean_squared_error, roc_auc_score


def main(kind, answers_path, submission_path):
    answers = pd.read_csv(answers_path)
    submission = pd.read_csv(submission_path).set_index("id").loc[answers["id"]]
    result = {}
    for board in ("public", "private"):
        mask = (answers["leaderboard"] == board).to_numpy()
        truth = answers.loc[mask, "target"].to_numpy()
        pred = submission[mask]
        if kind == "auc":
            result[board] = roc_auc_score(truth, pred["target"].to_numpy())
        elif kind == "logloss":
            result[board] = log_loss(truth, pred.to_numpy(), labels=list(pred.columns))
        elif kind == "poisson":
            result[board] = mean_poisson_deviance(truth, pred["target"].to_numpy())
        else:
            result[board] = mean_squared_error(truth, pred["target"].to_numpy(), squared=False)
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:4])
