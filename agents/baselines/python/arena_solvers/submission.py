"""Predictions to ./submission.csv in the task's format."""
import numpy as np
import pandas as pd

from .metrics import positive_index


def submission_frame(config, kind, test_ids, pred):
    """pred: values (kind `values`) or probabilities over config.classes (every other kind)."""
    frame = pd.DataFrame({config.id_column: test_ids})
    column = config.value_columns[0]["name"]
    if kind == "values":
        frame[column] = pred
    elif kind == "labels":
        frame[column] = np.array(config.classes, dtype=object)[pred.argmax(axis=1)]
    elif kind == "binary_score":
        frame[column] = pred[:, positive_index(config)].clip(0.0, 1.0)
    else:
        # Hard zeros are ruinous under log loss: floor, then renormalise each row to sum to 1.
        floor = 1e-3 if config.metric == "log_loss" else 1e-6
        proba = np.clip(pred, floor, 1.0)
        proba /= proba.sum(axis=1, keepdims=True)
        for c in config.value_columns:
            frame[c["name"]] = proba[:, config.classes.index(c["name"])]
    return frame


def write_submission(frame, path="submission.csv"):
    frame.to_csv(path, index=False)
