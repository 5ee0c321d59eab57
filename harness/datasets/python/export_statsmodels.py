"""Writes a statsmodels bundled dataset as data.csv: export_statsmodels.py MODULE OUT_DIR.

Prints the module's own documentation as JSON for the dataset card: its TITLE, SOURCE, DESCRSHORT,
DESCRLONG, NOTE and COPYRIGHT texts and the endog/exog names load() gives (null where it names none).
"""
import importlib
import json
import math
import os
import sys

import pandas as pd

from _canonical import write_csv


def names(value):
    if value is None:
        return None
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


# Columns a module computes in load_pandas with numpy's vectorised transcendental functions, whose
# last bit depends on the CPU's SIMD path (anes96's logpopul differs in 146 of 944 rows between
# AVX-512 machines): recomputed with math's scalar log, correctly rounded for these values (its
# test checks against decimal), so the bytes no longer depend on the SIMD path.
RECOMPUTED = {
    "anes96": {"logpopul": lambda frame: [math.log(p + 0.1) for p in frame["popul"]]},
}


def load_frame(module_name):
    module = importlib.import_module(f"statsmodels.datasets.{module_name}")
    dataset = module.load_pandas()
    frame = dataset.data
    for column, compute in RECOMPUTED.get(module_name, {}).items():
        frame[column] = compute(frame)
    return module, dataset, frame


def main(module_name, out_dir):
    module, dataset, frame = load_frame(module_name)
    if isinstance(frame.index, pd.DatetimeIndex):
        # Time series keep their time stamps as a first column, ISO dates.
        frame = frame.reset_index(names="date")
        frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    write_csv(frame, os.path.join(out_dir, "data.csv"))
    docs = {key.lower(): str(getattr(module, key, "") or "") for key in ("TITLE", "SOURCE", "DESCRSHORT", "DESCRLONG", "NOTE", "COPYRIGHT")}
    print(json.dumps({**docs, "endog": names(getattr(dataset, "endog_name", None)), "exog": names(getattr(dataset, "exog_name", None))}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
