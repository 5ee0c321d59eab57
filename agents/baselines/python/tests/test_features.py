import contextlib
import io
import tempfile
import unittest

import numpy as np
import pandas as pd
from scipy import sparse

from arena_solvers.config import parse_config
from arena_solvers.features import column_kinds, date_parts, design_matrices
from tests.helpers import frame, write_task


def config_for(facts, **recipe):
    return parse_config({**facts, "model": "linear", **recipe})


def design(facts, tr, te, scaled=False, vocabulary=100, squares=False, with_sources=False, logs=False, **recipe):
    config = config_for(facts, **recipe)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        x_tr, x_te, n_dense, sources = design_matrices(tr, te, column_kinds(tr, te, config), config, scaled, vocabulary, squares, logs=logs)
    return (x_tr, x_te, n_dense, out.getvalue()) + ((sources,) if with_sources else ())


class Logs(unittest.TestCase):
    """A wide positive number also as its log: a Cobb–Douglas output is linear in the inputs' logs."""

    def setUp(self):
        rng = np.random.default_rng(3)
        n = 400
        capital, labour = np.exp(rng.uniform(0, 5, n)), np.exp(rng.uniform(0, 4, n))
        rows = pd.DataFrame({"id": [str(i) for i in range(n)], "capital": capital, "labour": labour,
                             "share": rng.uniform(0.2, 0.9, n), "code": rng.integers(1, 4, n).astype(float),
                             "target": 0.3 * np.log(capital) + 0.6 * np.log(labour)})
        self.tr, self.te = rows.iloc[:300].reset_index(drop=True), rows.iloc[300:].drop(columns=["target"]).reset_index(drop=True)
        self.te.loc[0, "labour"] = 0.0
        self.dir = tempfile.TemporaryDirectory(prefix="arena-logs-")
        self.facts = write_task(self.dir.name)

    def tearDown(self):
        self.dir.cleanup()

    def test_wide_positive_numbers_get_their_logs_and_a_share_or_a_code_does_not(self):
        x_tr, x_te, n_dense, printed, sources = design(self.facts, self.tr, self.te, with_sources=True, logs=True)
        self.assertEqual(sources, ["capital", "capital", "labour", "labour", "share", "code"])
        self.assertIn("numeric, and its log: capital, labour", printed)
        np.testing.assert_allclose(x_tr[:, 1], np.log(self.tr["capital"]), rtol=1e-6)
        # A test value of 0 has no log: it gets the training median, as a gap does.
        self.assertAlmostEqual(float(x_te[0, 3]), float(np.median(np.log(self.tr["labour"]))), places=5)
        without = design(self.facts, self.tr, self.te)[0]
        self.assertEqual(without.shape[1], 4)

    def test_ordinary_least_squares_on_the_logs_recovers_the_elasticities(self):
        from sklearn.linear_model import LinearRegression

        x_tr = design(self.facts, self.tr, self.te, logs=True)[0]
        fit = LinearRegression().fit(x_tr[:, [1, 3]], self.tr["target"])
        np.testing.assert_allclose(fit.coef_, [0.3, 0.6], atol=1e-5)


class Features(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="arena-features-")
        cls.facts = write_task(cls.dir.name, images=True)
        cls.tr = pd.read_csv(f"{cls.facts['data_dir']}/train.csv", dtype={"id": str, "target": str})
        cls.te = pd.read_csv(f"{cls.facts['data_dir']}/test.csv", dtype={"id": str})

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_every_column_gets_a_kind_and_ids_targets_constants_are_left_out(self):
        kinds = column_kinds(self.tr, self.te, config_for(self.facts))
        self.assertEqual(kinds, {"x": "numeric", "noise": "numeric", "colour": "category", "day": "date", "note": "text",
                                 "constant": "drop", "row_id": "drop", "picture": "image"})

    def test_all_skills_use_every_kind(self):
        x_tr, x_te, n_dense, printed = design(self.facts, self.tr, self.te)
        self.assertTrue(sparse.issparse(x_tr))
        # x, noise, three colours, four date parts, 64 pixels; then TF-IDF.
        self.assertEqual(n_dense, 2 + 3 + 4 + 64)
        self.assertGreater(x_tr.shape[1], n_dense)
        self.assertEqual(x_te.shape[1], x_tr.shape[1])
        for part in ("numeric: x, noise", "category: colour", "date: day", "drop: constant, row_id", "image 8x8: picture", "tf-idf"):
            self.assertIn(part, printed)

    def test_numeric_only_leaves_the_other_kinds_unused(self):
        x_tr, _, n_dense, printed = design(self.facts, self.tr, self.te, skills=["numeric"])
        self.assertFalse(sparse.issparse(x_tr))
        self.assertEqual((x_tr.shape[1], n_dense), (2, 2))
        for part in ("unused category: colour", "unused date: day", "unused text: note", "unused image: picture"):
            self.assertIn(part, printed)

    def test_pixels_are_grey_levels_of_the_images(self):
        x_tr, _, _, _ = design(self.facts, self.tr, self.te, skills=["image"])
        self.assertEqual(x_tr.shape, (len(self.tr), 64))
        positive = (self.tr["target"] == "1").to_numpy()
        # The helper lights the top half of positive images, the bottom half of the others.
        np.testing.assert_array_equal(x_tr[positive, :32].mean(axis=1), 1.0)
        np.testing.assert_array_equal(x_tr[~positive, :32].mean(axis=1), 0.0)

    def test_scaling_standardises_and_clips(self):
        tr, te = self.tr.copy(), self.te.copy()
        te.loc[0, "x"] = 1e6
        x_tr, x_te, _, _ = design(self.facts, tr, te, scaled=True, skills=["numeric"])
        np.testing.assert_allclose(x_tr.mean(axis=0), 0.0, atol=1e-5)
        np.testing.assert_allclose(x_tr.std(axis=0), 1.0, atol=1e-4)
        self.assertEqual(x_te[0, 0], 5.0)

    def test_missing_numbers_get_the_median_and_a_flag(self):
        tr = self.tr.copy()
        tr.loc[:9, "x"] = np.nan
        x_tr, _, n_dense, _ = design(self.facts, tr, self.te, skills=["numeric"])
        self.assertEqual(n_dense, 3)  # x, noise, x.missing
        np.testing.assert_allclose(x_tr[:10, 0], np.median(tr["x"].dropna()), rtol=1e-6)
        np.testing.assert_array_equal(x_tr[:, 2], np.r_[np.ones(10), np.zeros(len(tr) - 10)])

    def test_every_dense_column_names_the_input_it_comes_from(self):
        tr = self.tr.copy()
        tr.loc[:9, "x"] = np.nan
        _, _, n_dense, _, sources = design(self.facts, tr, self.te, skills=["numeric", "category", "date", "image"], with_sources=True)
        self.assertEqual(len(sources), n_dense)
        self.assertEqual(sources[:9], ["x", "noise", "colour", "colour", "colour", "day", "day", "day", "day"])
        self.assertEqual(sources[9], "x")  # x.missing
        self.assertEqual(sources[10:], [None] * 64)

    def test_squares_are_added_for_numbers_with_more_than_two_values(self):
        tr, te = self.tr.copy(), self.te.copy()
        tr["flag"], te["flag"] = np.arange(len(tr)) % 2, np.arange(len(te)) % 2
        x_tr, x_te, n_dense, printed, sources = design(self.facts, tr, te, scaled=True, squares=True, skills=["numeric", "category"], with_sources=True)
        # x, noise, flag, three colours; then the squares of x and noise, not of the 0/1 flag or the dummies.
        self.assertEqual((n_dense, sources[6:]), (8, ["x", "noise"]))
        np.testing.assert_allclose(x_tr[:, 6:], x_tr[:, :2] ** 2, rtol=1e-6)
        np.testing.assert_allclose(x_te[:, 6:], x_te[:, :2] ** 2, rtol=1e-6)
        self.assertIn("8 columns (2 of them squares)", printed)

    def test_a_table_with_nothing_usable_still_has_one_column(self):
        x_tr, x_te, n_dense, printed = design(self.facts, self.tr[["id", "constant", "target"]], self.te[["id", "constant"]])
        self.assertEqual((x_tr.shape, x_te.shape[1], n_dense), ((len(self.tr), 1), 1, 1))
        self.assertIn("drop: constant", printed)

    def test_date_parts_add_the_hour_only_when_there_is_one(self):
        days = date_parts(pd.Series(["2021-03-06", "2021-03-07"]))
        self.assertEqual(list(days.columns), ["year", "month", "day", "dayofweek"])
        self.assertEqual(days.iloc[0].tolist(), [2021, 3, 6, 5])
        self.assertIn("hour", date_parts(pd.Series(["2021-03-06 10:00", "2021-03-07 00:00"])).columns)

    def test_a_timeline_adds_the_day_count_as_an_input_of_its_own(self):
        days = date_parts(pd.Series(["1970-01-02", "1917-10-26"]), timeline=True)
        self.assertEqual(days["days"].tolist(), [1.0, float((pd.Timestamp("1917-10-26") - pd.Timestamp("1970-01-01")).days)])
        config = config_for(self.facts, skills=["date"])
        with contextlib.redirect_stdout(io.StringIO()):
            x_tr, _, _, sources = design_matrices(self.tr, self.te, column_kinds(self.tr, self.te, config), config, False, 0, timeline=True)
        self.assertEqual(sources, ["day"] * 4 + ["day, as a day count"])
        np.testing.assert_array_equal(x_tr[:, 4], (pd.to_datetime(self.tr["day"]) - pd.Timestamp("1970-01-01")).dt.days.to_numpy())

    def test_kinds_follow_the_values_not_the_names(self):
        tr, _ = frame(50)
        tr["user_id"] = range(50)  # id-like: unique integers named like an id
        tr["score_id_free"] = np.arange(50) % 7  # repeated integers: a number
        kinds = column_kinds(tr, tr, config_for(self.facts))
        self.assertEqual((kinds["user_id"], kinds["score_id_free"]), ("drop", "numeric"))


if __name__ == "__main__":
    unittest.main()
