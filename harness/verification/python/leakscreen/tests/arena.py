"""Real datasets as the arena materializes them: $ARENA_HOME/datasets/<name>/data.csv (the repository's
.arena by default), handed over by the vitest runner like the thresholds; one not yet materialized is
fetched with the arena's CLI, so these tests do not depend on another test having fetched it."""
import os
import subprocess
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[5]


def dataset(name, columns=None):
    """The dataset's table, its `columns` in that order when given."""
    file = Path(os.environ.get("ARENA_HOME", REPO / ".arena")) / "datasets" / name / "data.csv"
    if not file.is_file():
        fetched = subprocess.run(["node", str(REPO / "bin" / "arena.js"), "datasets", "fetch", name], capture_output=True, text=True)
        if fetched.returncode != 0 or not file.is_file():
            raise FileNotFoundError(f"{file} is missing and `node bin/arena.js datasets fetch {name}` did not make it: {fetched.stderr.strip()}")
    frame = pd.read_csv(file)
    return frame[columns] if columns else frame
