"""Seattle weather type: split the vega-datasets daily Seattle weather table into train/test.

Reads raw_dir/data.csv (date, precipitation, temp_max, temp_min, wind, weather).
Deterministic: every random choice comes from SEED.
"""
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

SEED = 2026
TEST_ROWS = 439
PUBLIC_FRACTION = 0.3
FEATURES = ["date", "precipitation", "temp_max", "temp_min", "wind"]
TARGET = "weather"
CLASSES = ["drizzle", "fog", "rain", "snow", "sun"]


def read_table(path: Path) -> pd.DataFrame:
    """Every column as text, so values are copied exactly as the raw file writes them."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def require_columns(frame: pd.DataFrame, columns: list, path: Path) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing} (found {list(frame.columns)})")


def shuffle_with_ids(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Rows in a random order, numbered 0..n-1 in that order: ids say nothing about source order or label."""
    shuffled = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    shuffled.insert(0, "id", np.arange(len(shuffled)))
    return shuffled


def leaderboard_column(n_rows: int, rng: np.random.Generator) -> np.ndarray:
    """round(PUBLIC_FRACTION * n_rows) randomly chosen rows are public, the rest private."""
    board = np.full(n_rows, "private", dtype=object)
    board[rng.permutation(n_rows)[: int(round(PUBLIC_FRACTION * n_rows))]] = "public"
    return board


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


def prepare(raw_dir: Path, public_dir: Path, private_dir: Path) -> None:
    source = raw_dir / "data.csv"
    data = read_table(source)
    require_columns(data, FEATURES + [TARGET], source)
    unknown = sorted(set(data[TARGET]) - set(CLASSES))
    if unknown:
        raise ValueError(f"{source}: unexpected {TARGET} values {unknown}")

    rng = np.random.default_rng(SEED)
    data = shuffle_with_ids(data[FEATURES + [TARGET]], rng)
    train, test = train_test_split(data, test_size=TEST_ROWS, random_state=SEED, stratify=data[TARGET])
    train, test = train.sort_values("id"), test.sort_values("id")

    write_csv(train, public_dir / "train.csv")
    write_csv(test[["id"] + FEATURES], public_dir / "test.csv")

    # Sample submission: the most frequent training class for every test row (ties: first in CLASSES).
    majority = train[TARGET].value_counts().reindex(CLASSES, fill_value=0).idxmax()
    sample = pd.DataFrame({"id": test["id"].to_numpy(), TARGET: majority})
    write_csv(sample, public_dir / "sample_submission.csv")

    answers = test[["id", TARGET]].copy()
    answers["leaderboard"] = leaderboard_column(len(answers), rng)
    write_csv(answers, private_dir / "answers.csv")
