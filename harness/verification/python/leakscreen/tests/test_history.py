import shutil
import tempfile
import unittest
from pathlib import Path

import pandas as pd
import statsmodels.api as sm

from leakscreen.data import Data
from leakscreen.registry import CHECKS
from leakscreen.tests.tasks import defaults

TEST_YEARS = 30


def sunspots_forecast(lags, root):
    """Yearly sunspots (statsmodels, 1700-2008) as a forecast of the last 30 years, with the given lags, as the recipe preparer writes it."""
    frame = sm.datasets.sunspots.load_pandas().data.rename(columns={"YEAR": "year", "SUNACTIVITY": "spots"})
    frame["year"] = frame["year"].astype(int)
    for k in lags:
        frame[f"spots_lag_{k}"] = frame["spots"].shift(k)
    frame.insert(0, "id", range(len(frame)))
    train, test = frame.iloc[:-TEST_YEARS], frame.iloc[-TEST_YEARS:]
    train.to_csv(root / "train.csv", index=False)
    test.drop(columns=["spots"]).to_csv(root / "test.csv", index=False)
    test[["id", "spots"]].assign(leaderboard="private").to_csv(root / "answers.csv", index=False)
    return Data({"train": str(root / "train.csv"), "test": str(root / "test.csv"), "answers": str(root / "answers.csv"), "publicDir": str(root),
                 "idColumn": "id", "targetColumns": ["spots"], "objective": "forecasting", "modality": "time-series", "classes": None,
                 "options": defaults()})


class ForecastHistoryTest(unittest.TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp(prefix="leakscreen-history-"))
        self.addCleanup(shutil.rmtree, self.root, True)

    def test_lags_at_least_the_test_period_are_the_series_past(self):
        d = sunspots_forecast([30, 31, 32], self.root)
        r = CHECKS["forecast-history"](d)
        self.assertTrue(r["ok"], r["message"])
        self.assertEqual(r["details"]["history"], ["spots_lag_30", "spots_lag_31", "spots_lag_32"])
        # Not screened as leaks: the column screens never see them.
        self.assertNotIn("spots_lag_30", d.features)
        self.assertNotIn("spots_lag_30", d.test_features)

    def test_a_lag_shorter_than_the_test_period_shows_test_answers(self):
        d = sunspots_forecast([11, 30], self.root)
        r = CHECKS["forecast-history"](d)
        self.assertFalse(r["ok"])
        self.assertEqual(r["drop"], ["spots_lag_11"])
        # 19 of the 30 test years are given a value from the test period (11 years back still falls inside
        # it); one of those 19 values also occurs in training by coincidence.
        self.assertRegex(r["message"], r"`spots_lag_11` gives 18 of 30 test rows .* among them test answers")
        self.assertIn("spots_lag_11", d.features)

    def test_outside_a_forecast_a_lag_named_column_is_screened_as_any_other(self):
        d = sunspots_forecast([30], self.root)
        d2 = Data({**d.req, "objective": "regression"})
        self.assertIn("spots_lag_30", d2.features)
        self.assertTrue(CHECKS["forecast-history"](d2)["ok"])


if __name__ == "__main__":
    unittest.main()
