"""prepare.py of a task imported from a peer (MLE-bench or MLE-Dojo): its prepare.py already ran.

raw_dir is the peer's prepared data: public/ is copied as it is (folders included), and
  public/train.csv  is TRAIN_FILE (the peer's training table, whatever its name),
  public/test.csv   is TEST_FILE, or the ids of the sample submission when the peer has no test table,
  private/peer/...  is the peer's answers file, byte for byte, for the peer's own grader,
  private/answers.csv is those answers with a `leaderboard` column: a seeded shuffle of the test
                    ids puts PUBLIC_FRACTION of them on the public leaderboard (all rows of an id
                    on the same board); answers that already have that column keep it.
                    One-hot answers gain ONE_HOT_LABEL: the class (column) of each row.
"""
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

TRAIN_FILE = "__TRAIN_FILE__"
TEST_FILE = "__TEST_FILE__"
SAMPLE_SUBMISSION_FILE = "__SAMPLE_SUBMISSION_FILE__"
ANSWERS_FILE = "__ANSWERS_FILE__"
ID_COLUMN = "__ID_COLUMN__"
ONE_HOT_CLASSES = __ONE_HOT_CLASSES__
ONE_HOT_LABEL = "__ONE_HOT_LABEL__"
SEED = __SEED__
PUBLIC_FRACTION = __PUBLIC_FRACTION__
BOARDS = ("public", "private")


def read_text_table(path):
    """Every value as the file spells it (ids keep leading zeros and timestamp digits)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_table(frame, path):
    frame.to_csv(path, index=False, lineterminator="\n")


def leaderboard_of(answers):
    if "leaderboard" in answers.columns and set(answers["leaderboard"]) <= set(BOARDS):
        return answers["leaderboard"]
    ids = pd.unique(answers[ID_COLUMN])
    order = np.random.default_rng(SEED).permutation(len(ids))
    public = set(ids[order[: int(round(PUBLIC_FRACTION * len(ids)))]])
    return answers[ID_COLUMN].map(lambda i: "public" if i in public else "private")


def prepare(raw_dir: Path, public_dir: Path, private_dir: Path) -> None:
    source = raw_dir / "public"
    for item in sorted(source.iterdir()):
        (shutil.copytree if item.is_dir() else shutil.copyfile)(item, public_dir / item.name)
    sample = read_text_table(source / SAMPLE_SUBMISSION_FILE)
    for wanted, given in (("train.csv", TRAIN_FILE), ("test.csv", TEST_FILE), ("sample_submission.csv", SAMPLE_SUBMISSION_FILE)):
        if given and given != wanted:
            shutil.copyfile(source / given, public_dir / wanted)
    if not TEST_FILE:
        write_table(sample[[ID_COLUMN]].drop_duplicates(), public_dir / "test.csv")
    peer_answers = private_dir / "peer" / ANSWERS_FILE
    peer_answers.parent.mkdir(parents=True)
    shutil.copyfile(raw_dir / "private" / ANSWERS_FILE, peer_answers)
    answers = read_text_table(peer_answers)
    if ONE_HOT_CLASSES:
        answers[ONE_HOT_LABEL] = answers[ONE_HOT_CLASSES].astype(float).idxmax(axis=1)
    answers["leaderboard"] = leaderboard_of(answers).to_numpy()
    write_table(answers, private_dir / "answers.csv")
