"""prepare.py of an imported task: the source project already split the data.

raw_dir is the source's prepared data: public/ (copied as is) and private/<answers file>.
The answers gain a `leaderboard` column: a seeded shuffle puts PUBLIC_FRACTION of the test
rows on the public leaderboard, the rest on the private one.
"""
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

ANSWERS_FILE = "__ANSWERS_FILE__"
SAMPLE_SUBMISSION_FILE = "__SAMPLE_SUBMISSION_FILE__"
ID_COLUMN = "__ID_COLUMN__"
SEED = __SEED__
PUBLIC_FRACTION = __PUBLIC_FRACTION__


def prepare(raw_dir: Path, public_dir: Path, private_dir: Path) -> None:
    source_public = raw_dir / "public"
    for item in sorted(source_public.iterdir()):
        target = public_dir / item.name
        if item.is_dir():
            shutil.copytree(item, target)
        else:
            shutil.copyfile(item, target)
    if SAMPLE_SUBMISSION_FILE != "sample_submission.csv":
        shutil.copyfile(source_public / SAMPLE_SUBMISSION_FILE, public_dir / "sample_submission.csv")
    answers = pd.read_csv(raw_dir / "private" / ANSWERS_FILE, dtype={ID_COLUMN: str})
    order = np.random.default_rng(SEED).permutation(len(answers))
    n_public = int(round(PUBLIC_FRACTION * len(answers)))
    board = np.array(["private"] * len(answers), dtype=object)
    board[order[:n_public]] = "public"
    answers["leaderboard"] = board
    answers.to_csv(private_dir / "answers.csv", index=False)
