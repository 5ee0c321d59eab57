import os
import tempfile
import unittest

import numpy as np
import pandas as pd

from arena_solvers.config import parse_config
from arena_solvers.naive import anchor_lag
from tests.helpers import run_step, workspace

LAGS = [36, 37, 38, 48]


def lags_of(steps):
    return tuple((f"y_lag_{k}", k) for k in steps)


def quarterly_unemployment(root, lags, period):
    """statsmodels' macrodata US unemployment (quarterly, 1959-2009) as a forecast of its last 32
    quarters, the lag columns written by position as the recipe preparer writes them."""
    from statsmodels.datasets import macrodata

    raw = macrodata.load_pandas().data
    frame = pd.DataFrame({"id": [f"q{i}" for i in range(len(raw))], "year": raw["year"].astype(int), "quarter": raw["quarter"].astype(int), "unemp": raw["unemp"]})
    for k in lags:
        frame[f"unemp_lag_{k}"] = frame["unemp"].shift(k)
    train, test = frame.iloc[:-32], frame.iloc[-32:].drop(columns="unemp")
    os.makedirs(root)
    train.to_csv(os.path.join(root, "train.csv"), index=False)
    test.to_csv(os.path.join(root, "test.csv"), index=False)
    pd.DataFrame({"id": test["id"], "unemp": 0}).to_csv(os.path.join(root, "sample_submission.csv"), index=False)
    facts = {"idColumn": "id", "targetColumns": ["unemp"], "columns": [{"name": "id", "type": "id"}, {"name": "unemp", "type": "number"}],
             "classes": [], "objective": "forecasting", "modality": "time-series", "metric": "mase", "metricParams": {"period": period} if period else {},
             "lags": [{"column": f"unemp_lag_{k}", "steps": k} for k in lags], "threads": 1, "timeLimitSec": 60, "data_dir": root, "seed": 0}
    return raw, test, facts


class AnchorLag(unittest.TestCase):
    def test_a_season_takes_the_shortest_lag_of_whole_seasons(self):
        # The co2 plan (monthly, 36 months ahead) and the USMacroSW plan (quarterly, 32 quarters ahead).
        self.assertEqual(anchor_lag(lags_of(LAGS), 12), ("y_lag_36", 36))
        self.assertEqual(anchor_lag(lags_of([32, 33, 34, 36]), 4), ("y_lag_32", 32))
        self.assertEqual(anchor_lag(lags_of([13, 14, 15, 24]), 12), ("y_lag_24", 24))

    def test_without_a_season_or_a_seasonal_lag_the_shortest(self):
        self.assertEqual(anchor_lag(lags_of([7, 6, 8]), None), ("y_lag_6", 6))
        self.assertEqual(anchor_lag(lags_of([13, 14, 15]), 12), ("y_lag_13", 13))
        self.assertEqual(anchor_lag(lags_of([30, 31]), 1), ("y_lag_30", 30))
        self.assertIsNone(anchor_lag((), 12))


class TrivialForecast(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="arena-naive-")

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_the_seasonal_naive_is_the_same_quarter_eight_years_earlier(self):
        raw, test, facts = quarterly_unemployment(os.path.join(self.dir.name, "seasonal"), [33, 32, 34, 36], 4)
        with workspace():
            printed, result, sub = run_step(facts, model="trivial")
        # Looked up by calendar, not by position: (year - 8, same quarter) in the raw series.
        by_quarter = raw.set_index([raw["year"].astype(int), raw["quarter"].astype(int)])["unemp"]
        expected = [by_quarter[(y - 8, q)] for y, q in zip(test["year"], test["quarter"])]
        np.testing.assert_allclose(sub["unemp"].to_numpy(), expected, rtol=1e-12)
        self.assertEqual(sub["id"].tolist(), test["id"].tolist())
        self.assertIn("trivial: the naive forecast, `unemp_lag_32`", printed)
        self.assertIsNone(result["holdout"])

    def test_without_lags_the_training_mean(self):
        raw, _, facts = quarterly_unemployment(os.path.join(self.dir.name, "plain"), [32], None)
        with workspace():
            printed, _, sub = run_step({**facts, "lags": [], "metric": "rmse"}, model="trivial")
        np.testing.assert_allclose(sub["unemp"], raw["unemp"].iloc[:-32].mean(), rtol=1e-12)
        self.assertIn("trivial: constant value from 171 training rows", printed)

    def test_rows_whose_series_had_not_started_get_the_training_constant(self):
        raw, test, facts = quarterly_unemployment(os.path.join(self.dir.name, "gaps"), [32], None)
        path = os.path.join(facts["data_dir"], "test.csv")
        blanked = test.copy()
        blanked.loc[blanked.index[:5], "unemp_lag_32"] = np.nan
        blanked.to_csv(path, index=False)
        with workspace():
            printed, _, sub = run_step(facts, model="trivial")
        np.testing.assert_allclose(sub["unemp"].iloc[5:], test["unemp_lag_32"].iloc[5:], rtol=1e-12)
        # MASE is an absolute error: its constant is the training median.
        np.testing.assert_allclose(sub["unemp"].iloc[:5], raw["unemp"].iloc[:-32].median(), rtol=1e-12)
        self.assertIn("for the 5 rows without it", printed)

    def test_the_config_names_the_lags(self):
        _, _, facts = quarterly_unemployment(os.path.join(self.dir.name, "config"), [32, 36], 4)
        self.assertEqual(parse_config({**facts, "model": "trivial"}).lags, (("unemp_lag_32", 32), ("unemp_lag_36", 36)))


if __name__ == "__main__":
    unittest.main()
