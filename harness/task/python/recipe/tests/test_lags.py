import unittest

import numpy as np

from recipe_prepare.lags import add_lags, horizon
from recipe_prepare.split import latest, split
from recipe_prepare.table import RecipeError
from tests.helpers import panel, recipe


def forecast(lags, series="g"):
    return recipe(inputs=["x"], split={"kind": "temporal", "column": "year"}, lags={"lags": lags, "seriesColumn": series})


class Lags(unittest.TestCase):
    def test_a_lag_is_the_value_that_many_steps_before_in_the_same_series(self):
        frame = panel(n_series=3, n_steps=40)
        r = forecast([10, 12])
        out, names = add_lags(latest(frame, r, "t.csv"), r, "t.csv")
        self.assertEqual(names, ["y_lag_10", "y_lag_12"])
        by_key = {(row.g, int(row.year)): row.y for row in frame.itertuples()}
        for row in out.itertuples():
            expected = by_key.get((row.g, int(row.year) - 12), "")
            self.assertEqual(row.y_lag_12, expected)

    def test_no_test_row_sees_a_test_answer_through_its_lags(self):
        frame = panel(n_series=3, n_steps=40)
        r = forecast([10, 11, 12])
        ordered = latest(frame, r, "t.csv")
        out, names = add_lags(ordered, r, "t.csv")
        train, test = split(out, r, np.random.default_rng(0), "t.csv")
        test_answers = set(test["y"])
        for name in names:
            self.assertEqual(set(test[name]) & test_answers, set())

    def test_a_lag_shorter_than_the_horizon_is_refused(self):
        r = forecast([1, 10])
        frame = panel(n_series=2, n_steps=40)
        self.assertEqual(horizon(frame, r, "t.csv"), 10)
        with self.assertRaisesRegex(RecipeError, r"lags \[1\] are shorter than the test horizon of 10"):
            add_lags(latest(frame, r, "t.csv"), r, "t.csv")

    def test_two_rows_at_one_time_in_a_series_is_an_error(self):
        frame = panel(n_series=2, n_steps=40)
        with self.assertRaisesRegex(RecipeError, "several rows share one time value of year"):
            add_lags(frame, forecast([10], series=None), "t.csv")


if __name__ == "__main__":
    unittest.main()
