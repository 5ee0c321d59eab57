"""mlebench.competitions.utils: helpers many MLE-bench grade.py files share."""
import numpy as np
import pandas as pd
from scipy.special import softmax

from mlebench.grade_helpers import InvalidSubmissionError


def df_to_one_hot(df, id_column, target_column, classes):
    """One row per row of `df`: its id, then 1 in the column of its class and 0 elsewhere."""
    out = pd.DataFrame(0, index=df.index, columns=[id_column] + list(classes))
    out[id_column] = df[id_column]
    for i, label in df[target_column].items():
        out.loc[i, label] = 1
    return out


def is_one_hot_encoded(xs):
    """A 2-D array of zeros and ones whose rows each sum to 1."""
    if not isinstance(xs, np.ndarray) or xs.ndim != 2:
        raise AssertionError("expected a 2-D numpy array")
    return bool(((xs == 0) | (xs == 1)).all() and np.allclose(xs.sum(axis=-1), 1))


def one_hot_dfs_to_log_loss_inputs(submission_one_hot, answers_one_hot, id_column="id", apply_softmax=True):
    """y_true / y_pred matrices aligned by id, in the answers' column order; softmax unless already one-hot."""
    required = list(answers_one_hot.columns)
    missing = set(required) - set(submission_one_hot.columns)
    if missing:
        raise InvalidSubmissionError(f"The submission DataFrame is missing some columns required by the `answers` DataFrame. Missing columns: {missing}.")
    if id_column not in submission_one_hot.columns:
        raise InvalidSubmissionError(f"Submission is missing id column '{id_column}'.")
    sub = submission_one_hot[required].sort_values(by=id_column).reset_index(drop=True)
    ans = answers_one_hot.sort_values(by=id_column).reset_index(drop=True)
    if sub[id_column].tolist() != ans[id_column].tolist():
        raise AssertionError(f"the {id_column}s of submission and answers differ")
    y_true = ans.drop(columns=[id_column]).to_numpy()
    y_pred = sub.drop(columns=[id_column]).to_numpy()
    if apply_softmax and not is_one_hot_encoded(y_pred):
        y_pred = softmax(y_pred, axis=-1)
    return {"y_true": y_true, "y_pred": y_pred}


def _sorted_pair(submission, answers, id_column, target_column):
    """Checks shared by the accuracy and AUROC preparations: columns present, same length, same ids."""
    for name in (id_column, target_column):
        if name not in answers.columns:
            raise AssertionError(f"answers have no `{name}` column")
        if name not in submission.columns:
            raise InvalidSubmissionError(f"Submission must have a `{name}` column")
    if len(submission) != len(answers):
        raise InvalidSubmissionError("Submission must have the same length as the answers.")
    submission = submission.sort_values(id_column)
    answers = answers.sort_values(id_column)
    if (submission[id_column].values != answers[id_column].values).any():
        raise InvalidSubmissionError(f"Submission and answers `{id_column}`'s do not match")
    return submission, answers


def prepare_for_accuracy_metric(submission, answers, target_column, id_column):
    submission, answers = _sorted_pair(submission, answers, id_column, target_column)
    return {"y_true": answers[target_column].to_numpy(), "y_pred": submission[target_column].to_numpy()}


def prepare_for_auroc_metric(submission, answers, id_col, target_col):
    for name in (id_col, target_col):
        if name not in submission.columns:
            raise InvalidSubmissionError(f"Submission should have an {name} column")
    try:
        values = pd.to_numeric(submission[target_col])
    except ValueError:
        raise InvalidSubmissionError(f"Expected {target_col} column to be numeric, got {submission[target_col].dtype} instead")
    if values.min() < 0 or values.max() > 1:
        raise InvalidSubmissionError(f"Submission {target_col} column should contain probabilities between 0 and 1 inclusive")
    submission, answers = _sorted_pair(submission, answers, id_col, target_col)
    return {"y_true": answers[target_col].to_numpy(), "y_score": submission[target_col].to_numpy()}


def rle_decode(rle_string, height, width):
    """1-indexed, column-major run-length pairs to a (height, width) boolean mask; pairs sorted, positive, disjoint."""
    if not isinstance(rle_string, str):
        raise AssertionError(f"expected a string, got {type(rle_string)}")
    mask = np.zeros(height * width, dtype=bool)
    numbers = [int(x) for x in rle_string.split()]
    starts, lengths = numbers[0::2], numbers[1::2]
    if starts != sorted(starts) or any(x <= 0 for x in starts + lengths):
        raise AssertionError("run-length pairs must be sorted positive integers")
    for start, length in zip(starts, lengths):
        if mask[start - 1 : start - 1 + length].any():
            raise AssertionError("Overlapping RLE pairs are not allowed.")
        mask[start - 1 : start - 1 + length] = True
    return mask.reshape((width, height)).T


def rle_encode(x, fg_val=1):
    """The inverse of rle_decode: [start, length, ...] over the column-major pixels equal to fg_val."""
    runs = []
    previous = -2
    for index in np.where(x.T.flatten() == fg_val)[0]:
        if index > previous + 1:
            runs.extend((index + 1, 0))
        runs[-1] += 1
        previous = index
    return runs


def rles_to_masks(rl_encodings, image_heights, image_widths):
    return [rle_decode(e, height=h, width=w) for e, h, w in zip(rl_encodings, image_heights, image_widths)]
