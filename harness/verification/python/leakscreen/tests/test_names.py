import unittest

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.datasets import load_diabetes

from leakscreen.names import check_names, contains, tokens
from leakscreen.tests.tasks import data


class NamesTest(unittest.TestCase):
    def test_tokens(self):
        self.assertEqual(tokens("PERMINTE_AVSAL"), ["perminte", "avsal"])
        self.assertEqual(tokens("logPrice2"), ["log", "price"])
        self.assertTrue(contains(tokens("log_price"), tokens("price")))
        self.assertFalse(contains(tokens("stage"), tokens("age")))
        self.assertFalse(contains(tokens("price"), tokens("price")))

    def test_star98_products_named_after_the_target(self):
        star = sm.datasets.star98.load_pandas().data
        r = check_names(data(star, "PERMINTE", "regression"))
        self.assertEqual(r["drop"], ["PERMINTE_AVYRSEXP", "PERMINTE_AVSAL", "PERMINTE_AVYRSEXP_AVSAL"])

    def test_a_name_match_without_information_passes(self):
        frame = load_diabetes(as_frame=True).frame.rename(columns={"target": "progression"})
        frame["progression_batch"] = np.random.default_rng(0).integers(0, 5, len(frame))
        self.assertTrue(check_names(data(frame, "progression", "regression"))["ok"])

    def test_lags_of_a_forecast_target_are_features(self):
        rng = np.random.default_rng(0)
        sales = np.cumsum(rng.normal(size=400)) + 50
        frame = pd.DataFrame({"day": np.arange(400), "sales": sales, "sales_lag1": np.roll(sales, 1)})
        self.assertTrue(check_names(data(frame, "sales", "forecasting"))["ok"])
        self.assertFalse(check_names(data(frame, "sales", "regression"))["ok"])


if __name__ == "__main__":
    unittest.main()
