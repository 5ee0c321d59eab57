"""A prepared task on disk from a data frame, and the request leakscreen reads for it (test helper)."""
import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from leakscreen.data import Data


def defaults():
    """LEAKAGE_DEFAULTS of leakage.ts, the one place they are written, handed over by the vitest runner
    (tests/verification/leakscreen-python.test.ts) in LEAKSCREEN_DEFAULTS."""
    if "LEAKSCREEN_DEFAULTS" not in os.environ:
        raise RuntimeError("LEAKSCREEN_DEFAULTS is not set: run these tests through tests/verification/leakscreen-python.test.ts")
    return json.loads(os.environ["LEAKSCREEN_DEFAULTS"])


def task(frame, target, objective, classes=None, seed=0, **options):
    """Writes train/test/answers CSVs for a random 70/30 split of `frame` into a temp dir; returns the request."""
    root = Path(tempfile.mkdtemp(prefix="leakscreen-test-"))
    atexit.register(shutil.rmtree, root, True)
    pub, priv = root / "public", root / "private"
    pub.mkdir()
    priv.mkdir()
    frame = frame.reset_index(drop=True).copy()
    frame.insert(0, "id", np.random.default_rng(seed).permutation(len(frame)))
    order = np.random.default_rng(seed + 1).permutation(len(frame))
    cut = int(0.7 * len(frame))
    # Rows in id order, as prepared tasks write them: the source's order (often sorted by class) is gone.
    train, test = frame.iloc[order[:cut]].sort_values("id"), frame.iloc[order[cut:]].sort_values("id")
    train.to_csv(pub / "train.csv", index=False)
    test.drop(columns=[target]).to_csv(pub / "test.csv", index=False)
    answers = test[["id", target]].assign(leaderboard="private")
    answers.to_csv(priv / "answers.csv", index=False)
    return {"train": str(pub / "train.csv"), "test": str(pub / "test.csv"), "answers": str(priv / "answers.csv"), "publicDir": str(pub),
            "idColumn": "id", "targetColumns": [target], "objective": objective, "modality": "tabular", "classes": classes,
            "options": {**defaults(), **options}}


def data(frame, target, objective, classes=None, **options):
    return Data(task(frame, target, objective, classes, **options))
