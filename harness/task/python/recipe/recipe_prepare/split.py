"""Train/test splits: random, stratified, by group, by time."""
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from .table import RecipeError


def time_key(frame, column, table):
    """Sortable time values: numbers when every value is one, else dates."""
    as_number = pd.to_numeric(frame[column], errors="coerce")
    if as_number.notna().all():
        return as_number
    as_date = pd.to_datetime(frame[column], errors="coerce")
    if as_date.isna().any():
        raise RecipeError(f"{table}: column {column} has values that are neither numbers nor dates")
    return as_date


def test_times(key, test_fraction):
    """The latest distinct time values holding about `test_fraction` of the time axis."""
    distinct = np.sort(key.unique())
    n_test = max(1, int(round(test_fraction * len(distinct))))
    if n_test >= len(distinct):
        raise RecipeError(f"the time axis has {len(distinct)} distinct values: too few to keep any for training")
    return distinct[-n_test:]


def sample(frame, max_rows, rng):
    if len(frame) <= max_rows:
        return frame
    return frame.iloc[np.sort(rng.choice(len(frame), max_rows, replace=False))]


def _group_sample(frame, column, max_rows, rng):
    """Whole groups, drawn at random until about max_rows rows: a group is never cut in two."""
    if len(frame) <= max_rows:
        return frame
    sizes = frame.groupby(column, sort=True).size()
    order = rng.permutation(len(sizes))
    kept = sizes.index[order][np.cumsum(sizes.to_numpy()[order]) <= max_rows]
    return frame[frame[column].isin(kept)]


def latest(frame, recipe, table):
    """A series in time order, cut to its latest maxRows rows (ties keep the raw order)."""
    key = time_key(frame, recipe["split"]["column"], table)
    ordered = frame.iloc[np.argsort(key.to_numpy(), kind="stable")]
    return ordered.iloc[-recipe["maxRows"]:] if len(ordered) > recipe["maxRows"] else ordered


def split(frame, recipe, rng, table):
    """(train, test) frames, following recipe.split; a temporal split expects `latest(frame)`."""
    kind = recipe["split"]["kind"]
    max_rows, test_fraction, seed = recipe["maxRows"], recipe["testFraction"], recipe["seed"]
    if kind == "temporal":
        key = time_key(frame, recipe["split"]["column"], table)
        is_test = key.isin(test_times(key, test_fraction)).to_numpy()
        return frame[~is_test], frame[is_test]
    if kind == "group":
        column = recipe["split"]["column"]
        frame = _group_sample(frame, column, max_rows, rng)
        groups = np.sort(frame[column].unique())
        if len(groups) < 4:
            raise RecipeError(f"{table}: column {column} has {len(groups)} groups, too few for a group split")
        shuffled = groups[rng.permutation(len(groups))]
        n_test = max(1, int(round(test_fraction * len(groups))))
        is_test = frame[column].isin(shuffled[:n_test]).to_numpy()
        return frame[~is_test], frame[is_test]
    frame = sample(frame, max_rows, rng)
    stratify = frame[recipe["target"]["name"]] if kind == "stratified" else None
    return train_test_split(frame, test_size=test_fraction, random_state=seed, stratify=stratify)
