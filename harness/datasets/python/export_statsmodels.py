"""Writes a statsmodels bundled dataset as data.csv: export_statsmodels.py MODULE OUT_DIR."""
import importlib
import os
import sys

import pandas as pd

from _canonical import write_csv


def main(module, out_dir):
    frame = importlib.import_module(f"statsmodels.datasets.{module}").load_pandas().data
    if isinstance(frame.index, pd.DatetimeIndex):
        # Time series keep their time stamps as a first column, ISO dates.
        frame = frame.reset_index(names="date")
        frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    write_csv(frame, os.path.join(out_dir, "data.csv"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
