import unittest

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.datasets import load_diabetes

from leakscreen.identities import check_identities, formula, resolution
from leakscreen.stats import monotone_exceptions as exceptions
from leakscreen.tests.tasks import data

STAR98 = sm.datasets.star98.load_pandas().data


class Star98Test(unittest.TestCase):
    """statsmodels ships star98 with products of its columns; AVSALK is three of them divided by the rest."""

    def test_every_ratio_route_to_avsalk_is_found_and_its_product_dropped(self):
        r = check_identities(data(STAR98, "AVSALK", "regression"))
        self.assertFalse(r["ok"])
        self.assertEqual(sorted(r["drop"]), ["AVYRSEXP_AVSAL", "PERMINTE_AVSAL", "PERMINTE_AVYRSEXP_AVSAL"])
        self.assertIn("AVSALK = AVYRSEXP_AVSAL / AVYRSEXP", r["message"])
        for f in r["details"]["found"]:
            self.assertTrue(f["exact"])
            self.assertLess(f["maxError"], 5e-6)  # the statsmodels values are rounded to 5-7 digits
            self.assertGreater(f["rows"], 200)

    def test_without_the_products_avsalk_passes(self):
        clean = STAR98.drop(columns=["AVYRSEXP_AVSAL", "PERMINTE_AVSAL", "PERMINTE_AVYRSEXP_AVSAL"])
        self.assertTrue(check_identities(data(clean, "AVSALK", "regression"))["ok"])

    def test_a_planted_difference(self):
        frame = STAR98[["NABOVE", "NBELOW", "LOWINC", "PERASIAN"]].assign(NTESTED=STAR98.NABOVE + STAR98.NBELOW)
        r = check_identities(data(frame, "NABOVE", "regression"))
        self.assertEqual(r["drop"], ["NTESTED"])
        self.assertIn("NABOVE = NTESTED − NBELOW", r["message"])


class PartialIdentityTest(unittest.TestCase):
    """A product that holds on most rows, not all (CreditCard's expenditure = 833.33 × share × income)."""

    def test_a_product_holding_on_four_rows_in_five_is_found(self):
        frame = STAR98[["LOWINC", "PERASIAN", "PERBLACK", "PERHISP"]].copy()
        value = 12.5 * frame.LOWINC * frame.PERBLACK
        off = np.random.default_rng(0).random(len(frame)) < 0.2
        frame["TARGET"] = np.where(off, value * np.random.default_rng(1).uniform(0.5, 1.5, len(frame)), value)
        r = check_identities(data(frame, "TARGET", "regression"))
        self.assertFalse(r["ok"])
        partial = [f for f in r["details"]["found"] if f["kind"] == "partial-identity"]
        self.assertEqual(sorted(partial[0]["columns"]), ["LOWINC", "PERBLACK"])
        self.assertGreater(partial[0]["share"], 0.75)
        self.assertIn("12.5 × LOWINC × PERBLACK", r["message"])

    def test_small_counts_that_often_coincide_are_no_identity(self):
        rng = np.random.default_rng(2)
        a = rng.poisson(1.0, 600) + 1
        frame = pd.DataFrame({"visits": np.where(rng.random(600) < 0.7, a, rng.poisson(3.0, 600) + 1), "calls": a, "age": rng.normal(40, 10, 600)})
        r = check_identities(data(frame, "visits", "regression"))
        self.assertEqual([f for f in r["details"].get("found", []) if f["kind"] == "partial-identity"], [])


class TotalsTest(unittest.TestCase):
    def test_components_of_a_total_of_five_inputs(self):
        x = load_diabetes(as_frame=True).frame
        frame = x.assign(total=x.bmi + x.bp + x.s1 + x.s2 + x.s3)
        r = check_identities(data(frame, "s1", "regression"))
        self.assertFalse(r["ok"])
        found = r["details"]["found"]
        self.assertEqual([f["kind"] for f in found], ["total"])
        self.assertEqual(sorted(found[0]["columns"]), ["bmi", "bp", "s2", "s3", "total"])
        self.assertEqual(r["drop"], ["total"])
        self.assertIn("components of a total", r["message"])

    def test_a_total_of_its_parts_loses_every_part(self):
        x = load_diabetes(as_frame=True).frame
        frame = x.assign(total=x.bmi + x.bp + x.s1 + x.s2 + x.s3)
        r = check_identities(data(frame, "total", "regression"))
        self.assertFalse(r["ok"])
        self.assertEqual(sorted(r["drop"]), ["bmi", "bp", "s1", "s2", "s3"])
        self.assertIn("drop all of `bmi`, `bp`, `s1`, `s2`, `s3` (the target is their total", r["message"])
        # With four of the five parts left, the total is still mostly theirs: dropping one would not do.
        rest = frame.drop(columns=["bmi"])
        self.assertGreater(np.corrcoef(rest.bp + rest.s1 + rest.s2 + rest.s3, rest.total)[0, 1] ** 2, 0.6)

    def test_a_real_regression_target_has_no_identity(self):
        frame = load_diabetes(as_frame=True).frame.rename(columns={"target": "progression"})
        r = check_identities(data(frame, "progression", "regression"))
        self.assertTrue(r["ok"], r["message"])
        self.assertEqual(r["drop"], [])


class RoundingTest(unittest.TestCase):
    """Identities written rounded: the file's resolution, and targets that never fall along a formula."""

    def test_resolution_is_the_finest_step_written(self):
        self.assertEqual(resolution(np.array([1.25, 3, 0.5])), 0.01)
        self.assertEqual(resolution(np.array([46.0, 7, np.nan])), 1.0)
        self.assertEqual(resolution(np.array([12000, 3000])), 1000.0)
        self.assertEqual(resolution(np.array([1.909999966621399, 2])), 0.01)  # a float32 printed in full
        self.assertEqual(resolution(np.array([0.123456789123, 2])), 0.0)

    def test_a_rounded_and_clipped_function_never_falls(self):
        z = STAR98.LOWINC.to_numpy()
        self.assertEqual(exceptions(z, np.minimum(np.round(z / 7), 8)), 0)
        # A real relation, strong as it is (percent minority against percent low income), crosses itself.
        self.assertGreater(exceptions(z, STAR98.PERMINTE.to_numpy()), len(z) // 2)

    def test_a_whole_percent_of_three_shares_is_a_rounded_total(self):
        shares = ["PERASIAN", "PERBLACK", "PERHISP"]
        frame = STAR98[shares + ["LOWINC", "PCTCHRT", "PERSPENK"]].assign(MINORITY=STAR98[shares].sum(axis=1).round())
        r = check_identities(data(frame, "MINORITY", "regression"))
        self.assertFalse(r["ok"])
        f = r["details"]["found"][0]
        self.assertEqual(f["kind"], "rounded-total")
        self.assertEqual(sorted(f["columns"]), shares)
        self.assertIn("= 0 + PERASIAN + PERBLACK + PERHISP within 0.5", r["message"])
        # Without the rounding excuse (the target left exact and the tolerance gone), a real sum is still an identity.
        self.assertFalse(check_identities(data(frame.assign(MINORITY=STAR98[shares].sum(axis=1)), "MINORITY", "regression"))["ok"])

    def test_a_whole_percent_of_two_shares_with_a_real_predictor_left_is_clean(self):
        frame = STAR98[["PERASIAN", "LOWINC", "PCTCHRT", "PERSPENK"]].assign(MINORITY=STAR98[["PERASIAN", "PERBLACK", "PERHISP"]].sum(axis=1).round())
        r = check_identities(data(frame, "MINORITY", "regression"))
        self.assertTrue(r["ok"], r["message"])


class FormulaTest(unittest.TestCase):
    def test_exact_operators_and_fitted_numbers(self):
        y = np.array([1.0, 2.0, 3.0])
        self.assertEqual(formula("y", "raw", ["a", "b"], [1.0, -1.0], 0.0, y), ("y = a − b", True))
        self.assertEqual(formula("y", "raw", ["b", "a"], [-1.0, 1.0], 0.0, y), ("y = a − b", True))
        self.assertEqual(formula("y", "log", ["a", "b", "c"], [1.0, 1.0, -1.0], 0.0, y), ("y = a × b / c", True))
        text, exact = formula("y", "raw", ["a"], [2.5], 10.0, y)
        self.assertEqual((text, exact), ("y ≈ 2.5·a + 10", False))


if __name__ == "__main__":
    unittest.main()
