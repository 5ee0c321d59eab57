"""The column screens on one raw table, before any task is prepared: for a generator that wants to
know which inputs to drop for a target while it designs the task. The table stands in for train.csv
(every row, or a seeded sample); checks about the split, ids or files do not apply and are not run."""
import os

import pandas as pd

from .data import Data
from .registry import CHECKS, COLUMN_SCREENS
from .report import clean
from .values import read_csv

ROW = "__row__"


def screen_table(req):
    """req: {"table", "targetColumns", "objective", "classes", "inputs" (null: every other column), "options"}."""
    table = read_csv(req["table"])
    targets = list(req["targetColumns"])
    missing = [c for c in targets + list(req.get("inputs") or []) if c not in table.columns]
    if missing:
        raise ValueError(f"{req['table']}: no column(s) {', '.join(missing)} (found {', '.join(table.columns)})")
    inputs = req.get("inputs") or [c for c in table.columns if c not in targets]
    rows = req["options"]["sampleRows"]
    if len(table) > rows:
        table = table.sample(rows, random_state=req["options"]["seed"]).reset_index(drop=True)
    train = table[inputs + targets].assign(**{ROW: [str(i) for i in range(len(table))]})
    test = pd.DataFrame(columns=[ROW] + inputs)
    answers = pd.DataFrame(columns=[ROW] + targets)
    d = Data({**req, "idColumn": ROW, "publicDir": "", "modality": "tabular", "trainName": os.path.basename(req["table"])}, frames=(train, test, answers))
    return {"checks": clean([{"id": c, **CHECKS[c](d)} for c in COLUMN_SCREENS])}
