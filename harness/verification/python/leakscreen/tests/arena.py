"""Real datasets as the arena materializes them: $ARENA_HOME/datasets/<name>/data.csv (the repository's
.arena by default), handed over by the vitest runner like the thresholds."""
import os
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[5]


def dataset(name, columns=None):
    """The dataset's table, its `columns` in that order when given."""
    file = Path(os.environ.get("ARENA_HOME", REPO / ".arena")) / "datasets" / name / "data.csv"
    if not file.is_file():
        raise FileNotFoundError(f"{file} is missing: fetch it with `node bin/arena.js datasets fetch {name}`")
    frame = pd.read_csv(file)
    return frame[columns] if columns else frame
