"""Handwritten digits: split scikit-learn's 8x8 optical digits (as PNG images) into train/test.

Reads raw_dir/labels.csv (image, label) and the PNG files it names under raw_dir/images/.
Writes the images under fresh names (images/<id>.png) so file names say nothing about the label.
Deterministic: every random choice comes from SEED; images are copied byte for byte.
"""
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

SEED = 2026
TEST_ROWS = 450
PUBLIC_FRACTION = 0.3
TARGET = "label"
CLASSES = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]


def read_table(path: Path) -> pd.DataFrame:
    """Every column as text, so values are copied exactly as the raw file writes them."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


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
    source = raw_dir / "labels.csv"
    labels = read_table(source)
    if list(labels.columns) != ["image", TARGET]:
        raise ValueError(f"{source}: expected columns image,{TARGET}, found {list(labels.columns)}")
    unknown = sorted(set(labels[TARGET]) - set(CLASSES))
    if unknown:
        raise ValueError(f"{source}: unexpected {TARGET} values {unknown}")
    bad = [p for p in labels["image"] if not p.startswith("images/") or ".." in p or not (raw_dir / p).is_file()]
    if bad:
        raise ValueError(f"{source}: {len(bad)} image paths are not files under images/ (first: {bad[0]})")

    rng = np.random.default_rng(SEED)
    data = shuffle_with_ids(labels.rename(columns={"image": "source"}), rng)
    width = len(str(len(data) - 1))
    data.insert(1, "image", [f"images/{i:0{width}d}.png" for i in data["id"]])

    (public_dir / "images").mkdir()
    for src, dst in zip(data["source"], data["image"]):
        shutil.copyfile(raw_dir / src, public_dir / dst)
    data = data.drop(columns=["source"])

    train, test = train_test_split(data, test_size=TEST_ROWS, random_state=SEED, stratify=data[TARGET])
    train, test = train.sort_values("id"), test.sort_values("id")

    write_csv(train[["id", "image", TARGET]], public_dir / "train.csv")
    write_csv(test[["id", "image"]], public_dir / "test.csv")

    # Sample submission: the most frequent training class for every test row (ties: first in CLASSES).
    majority = train[TARGET].value_counts().reindex(CLASSES, fill_value=0).idxmax()
    sample = pd.DataFrame({"id": test["id"].to_numpy(), TARGET: majority})
    write_csv(sample, public_dir / "sample_submission.csv")

    answers = test[["id", TARGET]].copy()
    answers["leaderboard"] = leaderboard_column(len(answers), rng)
    write_csv(answers, private_dir / "answers.csv")
