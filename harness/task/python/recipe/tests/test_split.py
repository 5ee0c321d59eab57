import unittest

import numpy as np
import pandas as pd

from recipe_prepare.split import latest, split
from recipe_prepare.table import RecipeError
from tests.helpers import panel, recipe


class GroupSplit(unittest.TestCase):
    def test_no_group_is_on_both_sides_and_about_a_quarter_of_groups_are_held_out(self):
        frame = panel(n_series=20, n_steps=10)
        train, test = split(frame, recipe(inputs=["x"], split={"kind": "group", "column": "g"}), np.random.default_rng(1), "t.csv")
        self.assertEqual(set(train["g"]) & set(test["g"]), set())
        self.assertEqual(len(set(test["g"])), 5)
        self.assertEqual(len(train) + len(test), len(frame))

    def test_sampling_keeps_whole_groups(self):
        frame = panel(n_series=20, n_steps=10)
        train, test = split(frame, recipe(inputs=["x"], maxRows=100, split={"kind": "group", "column": "g"}), np.random.default_rng(1), "t.csv")
        sizes = pd.concat([train, test]).groupby("g").size()
        self.assertTrue((sizes == 10).all())
        self.assertLessEqual(sizes.sum(), 100)

    def test_too_few_groups_is_an_error(self):
        with self.assertRaisesRegex(RecipeError, "column g has 3 groups"):
            split(panel(n_series=3), recipe(inputs=["x"], split={"kind": "group", "column": "g"}), np.random.default_rng(1), "t.csv")


class TemporalSplit(unittest.TestCase):
    def test_the_test_rows_are_the_latest_times_of_every_series(self):
        r = recipe(inputs=["x"], split={"kind": "temporal", "column": "year"})
        frame = latest(panel(n_series=4, n_steps=40), r, "t.csv")
        train, test = split(frame, r, np.random.default_rng(1), "t.csv")
        self.assertLess(train["year"].astype(int).max(), test["year"].astype(int).min())
        self.assertEqual(sorted(set(test["year"].astype(int))), list(range(1980, 1990)))

    def test_latest_keeps_the_most_recent_rows(self):
        r = recipe(inputs=["x"], maxRows=30, split={"kind": "temporal", "column": "year"})
        frame = latest(panel(n_series=1, n_steps=100), r, "t.csv")
        self.assertEqual(list(frame["year"].astype(int)), list(range(2020, 2050)))

    def test_dates_are_ordered_as_dates(self):
        frame = pd.DataFrame({"d": ["2001-02-01", "2000-12-01", "2001-01-01", "2000-11-01"], "x": ["1", "2", "3", "4"], "y": ["1", "2", "3", "4"]})
        r = recipe(inputs=["x"], testFraction=0.5, split={"kind": "temporal", "column": "d"})
        train, test = split(latest(frame, r, "t.csv"), r, np.random.default_rng(0), "t.csv")
        self.assertEqual(list(test["d"]), ["2001-01-01", "2001-02-01"])


class StratifiedSplit(unittest.TestCase):
    def test_class_shares_are_kept(self):
        frame = pd.DataFrame({"x": [str(i) for i in range(400)], "y": ["a"] * 300 + ["b"] * 100})
        r = recipe(inputs=["x"], classes=["a", "b"], submission="labels", split={"kind": "stratified"})
        _, test = split(frame, r, np.random.default_rng(0), "t.csv")
        self.assertEqual((test["y"] == "b").sum(), 25)


if __name__ == "__main__":
    unittest.main()
