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


class KeyTest(unittest.TestCase):
    """Keys of categorical inputs, on vega-datasets' cars (Origin from cylinders, year, and so on)."""

    def cars(self):
        return pd.read_json(VEGA / "cars.json").drop(columns=["Name", "Year"])

    def test_cylinders_and_the_other_specifications_mark_no_origin(self):
        # Eight-cylinder cars are all American, but they are not most American cars.
        r = check_support(data(self.cars(), "Origin", "multiclass"))
        self.assertTrue(r["ok"], r["message"])

    def test_origin_switched_between_two_columns_is_marked_by_them_together(self):
        # As gss diaret's status.t and status.u by trt1: `flag` is American-made, or not, as `side` says.
        cars = self.cars()
        side = np.random.default_rng(0).integers(0, 2, len(cars))
        cars = cars.assign(side=side, flag=(cars.Origin == "USA").astype(int) ^ side)
        r = check_support(data(cars, "Origin", "multiclass"))
        self.assertFalse(r["ok"])
        f = r["details"]["found"][0]
        self.assertEqual((f["marker"], sorted(f["columns"]), f["state"], f["error"], f["coverage"]), ("key", ["flag", "side"], "USA", 0.0, 1.0))
        self.assertLess(f["p"], 1e-6)
        self.assertIn("together mark where target `Origin` is `USA`", r["message"])
        # Either column breaks the key (both are noise alone); without it the table is clean.
        self.assertEqual(len(r["drop"]), 1)
        self.assertIn(r["drop"][0], ("flag", "side"))
        self.assertTrue(check_support(data(cars.drop(columns=r["drop"]), "Origin", "multiclass"))["ok"])

if __name__ == "__main__":
    unittest.main()
