"""Train/test splits: random, stratified, by group, by block of rows, by time."""
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from .table import RecipeError

# The block number of a blocks split: a column of the working frame, never published.
BLOCK_KEY = "__block__"


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


def with_block_key(frame, recipe, table):
    """The raw rows numbered by block, for a blocks split: units stored as consecutive runs of
    `size` rows with no key column (a panel of 595 people × 7 years). Numbered before any row is
    dropped, so a block is a run of the raw file."""
    spec = recipe["split"]
    if spec["kind"] != "blocks":
        return frame
    size = spec["size"]
    if BLOCK_KEY in frame.columns:
        raise RecipeError(f"{table}: column {BLOCK_KEY} is reserved for the block number")
    if len(frame) % size:
        raise RecipeError(f"{table}: {len(frame)} rows are not whole blocks of {size} rows")
    return frame.assign(**{BLOCK_KEY: np.arange(len(frame)) // size})


def latest(frame, recipe, table):
    """A series in time order, cut to its latest maxRows rows (ties keep the raw order)."""
    key = time_key(frame, recipe["split"]["column"], table)
    ordered = frame.iloc[np.argsort(key.to_numpy(), kind="stable")]
    return ordered.iloc[-recipe["maxRows"]:] if len(ordered) > recipe["maxRows"] else ordered


def _by_group(frame, column, label, recipe, rng, table):
    """Whole groups on each side: about testFraction of the groups, drawn at random, are the test set."""
    frame = _group_sample(frame, column, recipe["maxRows"], rng)
    groups = np.sort(frame[column].unique())
    if len(groups) < 4:
        raise RecipeError(f"{table}: {label} has {len(groups)} groups, too few for a group split")
    shuffled = groups[rng.permutation(len(groups))]
    n_test = max(1, int(round(recipe["testFraction"] * len(groups))))
    is_test = frame[column].isin(shuffled[:n_test]).to_numpy()
    return frame[~is_test], frame[is_test]


def _group(frame, recipe, rng, table):
    column = recipe["split"]["column"]
    return _by_group(frame, column, f"column {column}", recipe, rng, table)


def _blocks(frame, recipe, rng, table):
    return _by_group(frame, BLOCK_KEY, f"blocks of {recipe['split']['size']} rows", recipe, rng, table)


def _temporal(frame, recipe, rng, table):
    key = time_key(frame, recipe["split"]["column"], table)
    is_test = key.isin(test_times(key, recipe["testFraction"])).to_numpy()
    return frame[~is_test], frame[is_test]


def _rows(frame, recipe, rng, table, stratify):
    frame = sample(frame, recipe["maxRows"], rng)
    by = frame[recipe["target"]["name"]] if stratify else None
    return train_test_split(frame, test_size=recipe["testFraction"], random_state=recipe["seed"], stratify=by)


SPLITS = {
    "random": lambda frame, recipe, rng, table: _rows(frame, recipe, rng, table, stratify=False),
    "stratified": lambda frame, recipe, rng, table: _rows(frame, recipe, rng, table, stratify=True),
    "group": _group,
    "blocks": _blocks,
    "temporal": _temporal,
}


def unit_column(recipe):
    """The column that holds each row's unit under a group or blocks split (whole units on each
    side), or None for a split of rows or times."""
    spec = recipe["split"]
    return spec["column"] if spec["kind"] == "group" else BLOCK_KEY if spec["kind"] == "blocks" else None


def split(frame, recipe, rng, table):
    """(train, test) frames, following recipe.split; a temporal split expects `latest(frame)`."""
    kind = recipe["split"]["kind"]
    if kind not in SPLITS:
        raise RecipeError(f"{table}: unknown split kind {kind!r}")
    return SPLITS[kind](frame, recipe, rng, table)
