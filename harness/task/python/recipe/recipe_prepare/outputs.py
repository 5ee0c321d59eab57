"""The files a task publishes: tables with random ids, a sample submission, the hidden answers."""
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from .table import RecipeError


def with_random_ids(train, test, columns, rng):
    """Ids are a random permutation: they say nothing about time, source order or the target."""
    ids = rng.permutation(len(train) + len(test))
    train = train.assign(id=ids[: len(train)]).sort_values("id")
    test = test.assign(id=ids[len(train):]).sort_values("id")
    return train[["id"] + columns], test[["id"] + columns]


def sample_submission(train, test, recipe):
    """A valid, uninformed submission: the majority class, the class frequencies, or the mean."""
    target, classes = recipe["target"]["name"], recipe.get("classes")
    out = pd.DataFrame({"id": test["id"].to_numpy()})
    if recipe["submission"] == "labels":
        out[target] = train[target].value_counts().reindex(classes, fill_value=0).idxmax()
    elif recipe["submission"] == "probabilities":
        freq = train[target].value_counts(normalize=True).reindex(classes, fill_value=0.0)
        if recipe.get("positiveClass") is not None:
            out[target] = round(float(freq[recipe["positiveClass"]]), 6)
        else:
            for cls in classes:
                out[cls] = round(float(freq[cls]), 6)
    else:
        out[target] = round(float(pd.to_numeric(train[target]).mean()), 6)
    return out


def copy_files(frames, columns, raw_dir, public_dir, table):
    """Files named by file columns (images, texts), copied under the same relative paths."""
    for frame in frames:
        for column in columns:
            for relative in frame[column]:
                source, target = raw_dir / relative, public_dir / relative
                if ".." in Path(relative).parts or not source.is_file():
                    raise RecipeError(f"{table}: column {column} names {relative!r}, not a file inside the dataset")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


TEST_UNITS_FILE = "test_units.csv"


def unit_table(test, units):
    """Each test row's unit (group or block) by a number that names nothing, so a verifier can
    resample whole units: rows of one unit are not independent draws. `units` is indexed as
    `test` was before its random ids; no random draw is taken, so the other files are unchanged."""
    codes, _ = pd.factorize(units.loc[test.index], sort=True)
    return pd.DataFrame({"id": test["id"].to_numpy(), "unit": codes})


def leaderboard_column(n_rows, fraction, rng):
    board = np.full(n_rows, "private", dtype=object)
    board[rng.permutation(n_rows)[: int(round(fraction * n_rows))]] = "public"
    return board


def write_csv(frame, path):
    frame.to_csv(path, index=False, lineterminator="\n")
