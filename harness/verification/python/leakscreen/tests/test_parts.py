import unittest
from pathlib import Path

import pandas as pd

from leakscreen.parts import check_parts
from leakscreen.tests.tasks import data

VEGA = Path(__file__).resolve().parents[5] / "node_modules" / "vega-datasets" / "data"


class PartsTest(unittest.TestCase):
    """On vega-datasets 3.2.1 (BSD-3-Clause) tables: movies' grosses and Seattle's daily weather."""

    def test_us_gross_inside_worldwide_gross(self):
        movies = pd.read_json(VEGA / "movies.json").rename(columns=lambda c: c.lower().replace(" ", "_"))
        frame = movies[["us_gross", "production_budget", "imdb_rating", "worldwide_gross"]].dropna(subset=["worldwide_gross"])
        r = check_parts(data(frame, "worldwide_gross", "regression"))
        self.assertEqual(r["drop"], ["us_gross"])
        f = r["details"]["found"][0]
        self.assertEqual(f["order"], 1.0)
        self.assertGreater(f["equal"], 0.2)

    def test_a_days_minimum_temperature_is_no_part_of_its_maximum(self):
        weather = pd.read_csv(VEGA / "seattle-weather.csv")
        r = check_parts(data(weather[["temp_min", "precipitation", "wind", "temp_max"]], "temp_max", "regression"))
        self.assertTrue(r["ok"], r["message"])

    def test_a_total_above_the_target_is_left_alone(self):
        movies = pd.read_json(VEGA / "movies.json").rename(columns=lambda c: c.lower().replace(" ", "_"))
        frame = movies[["worldwide_gross", "production_budget", "us_gross"]].dropna()
        self.assertTrue(check_parts(data(frame, "us_gross", "regression"))["ok"])


if __name__ == "__main__":
    unittest.main()
