import unittest
from pathlib import Path

import numpy as np
import pandas as pd

from leakscreen.support import check_support
from leakscreen.tests.tasks import data

VEGA = Path(__file__).resolve().parents[5] / "node_modules" / "vega-datasets" / "data"


def weather():
    return pd.read_csv(VEGA / "seattle-weather.csv")


class SupportTest(unittest.TestCase):
    """On vega-datasets 3.2.1 (BSD-3-Clause): Seattle's daily weather, 2012-2015."""

    def test_temperatures_and_wind_mark_no_dry_day(self):
        # Rain and wind go together and dry days are warmer, but none of them marks dry days outright.
        w = weather()
        r = check_support(data(w[["temp_max", "temp_min", "wind", "precipitation"]], "precipitation", "regression"))
        self.assertTrue(r["ok"], r["message"])

    def test_a_reading_taken_only_on_wet_days_marks_them(self):
        # An hourly rain gauge's count of wet hours, recorded as 0 on dry days and missing on a fifth of
        # the wet ones: nonzero only where precipitation is, on most of those days.
        w = weather()
        rng = np.random.default_rng(3)
        hours = np.where(w.precipitation > 0, rng.integers(1, 24, len(w)), 0).astype(float)
        hours[(w.precipitation > 0).to_numpy() & (rng.random(len(w)) < 0.2)] = np.nan
        frame = w[["temp_max", "wind", "precipitation"]].assign(wet_hours=hours)
        r = check_support(data(frame, "precipitation", "regression"))
        self.assertEqual(r["drop"], ["wet_hours"])
        f = r["details"]["found"][0]
        self.assertEqual((f["state"], f["marker"]), ("nonzero", "nonzero"))
        self.assertEqual(f["error"], 0.0)
        self.assertGreater(f["coverage"], 0.7)

    def test_a_class_marked_by_a_missing_reading(self):
        # Visibility recorded only on fog days: being present marks the class `fog`.
        w = weather()
        visibility = np.where(w.weather == "fog", w.wind * 100, np.nan)
        r = check_support(data(w[["temp_max", "wind", "weather"]].assign(visibility=visibility), "weather", "multiclass"))
        self.assertEqual(r["drop"], ["visibility"])
        self.assertEqual(r["details"]["found"][0]["state"], "fog")

    def test_a_target_without_a_real_zero_mass_has_no_zero_state(self):
        w = weather()
        frame = w[["temp_min", "wind", "temp_max"]].assign(frost=np.where(w.temp_min < 0, 1.0, 0.0))
        r = check_support(data(frame, "temp_max", "regression"))
        self.assertTrue(r["ok"], r["message"])


if __name__ == "__main__":
    unittest.main()
