"""The single-column checks (carried over from leakage.py) on real scikit-learn data; their planted
fixtures end to end are in tests/verification/leakage.test.ts."""
import unittest
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.datasets import load_diabetes, load_digits, load_wine

from leakscreen.id_order import check_id_order
from leakscreen.overlap import check_overlap
from leakscreen.recoding import check_target_recoding
from leakscreen.report import pct
from leakscreen.single_feature import check_single_feature
from leakscreen.stats import consistency, cramers_v, rank_corr
from leakscreen.target_copy import check_target_copy
from leakscreen.tests.tasks import data, task
from leakscreen.data import Data

VEGA = Path(__file__).resolve().parents[5] / "node_modules" / "vega-datasets" / "data"


def wine():
    frame = load_wine(as_frame=True).frame
    frame["target"] = frame.target.map(lambda c: f"class_{c}")
    return frame


CLASSES = ["class_0", "class_1", "class_2"]


class StatisticsTest(unittest.TestCase):
    def test_against_scipy(self):
        x, y = load_diabetes(return_X_y=True)
        self.assertAlmostEqual(rank_corr(x[:, 2], y), stats.spearmanr(x[:, 2], y)[0], places=12)
        a = np.random.default_rng(0).integers(0, 3, 500)
        b = (a + np.random.default_rng(1).integers(0, 2, 500)) % 4
        table = pd.crosstab(a, b).to_numpy()
        self.assertAlmostEqual(cramers_v(a, b), stats.contingency.association(table, method="cramer"), places=12)

    def test_consistency_of_a_mapping(self):
        fwd, bwd, nf, nt, _ = consistency(np.array(["a", "a", "b", "c"]), np.array([1, 1, 2, 2]))
        self.assertEqual((fwd, bwd, nf, nt), (1.0, 0.75, 3, 2))

    def test_percentages_never_round_to_certainty(self):
        self.assertEqual(pct(0.99999), "99.99%")
        self.assertEqual(pct(1.0), "100%")
        self.assertEqual(pct(0.0004), "0.0%")


class ChecksTest(unittest.TestCase):
    def test_a_clean_real_table_passes(self):
        d = data(wine(), "target", "multiclass", CLASSES)
        for check in (check_target_copy, check_target_recoding, check_single_feature, check_id_order, check_overlap):
            r = check(d)
            self.assertTrue(r["ok"], f"{check.__name__}: {r['message']}")
            self.assertEqual(r["drop"], [])

    def test_copy_and_recoding_are_dropped(self):
        frame = wine().assign(label=lambda f: f.target.str.upper(), code=lambda f: f.target.map({"class_0": "A", "class_1": "B", "class_2": "C"}))
        d = data(frame, "target", "multiclass", CLASSES)
        self.assertEqual(check_target_copy(d)["drop"], ["label"])
        self.assertEqual(check_target_recoding(d)["drop"], ["code"])

    def test_a_binned_copy_of_a_numeric_target_is_dropped(self):
        # Vega's movies (BSD-3-Clause): their IMDB rating, and a star band read from it.
        movies = pd.read_json(VEGA / "movies.json")[["IMDB Rating", "MPAA Rating", "Major Genre", "Rotten Tomatoes Rating", "IMDB Votes"]].dropna()
        r = check_target_recoding(data(movies, "IMDB Rating", "regression"))
        self.assertTrue(r["ok"], r["message"])  # the critics' rating and the genre bin nothing
        bands = movies.assign(stars=pd.cut(movies["IMDB Rating"], [0, 4, 6, 7, 8, 10], labels=["poor", "fair", "good", "great", "top"]).astype(str))
        r = check_target_recoding(data(bands, "IMDB Rating", "regression"))
        self.assertEqual(r["drop"], ["stars"])
        self.assertEqual({f["kind"] for f in r["details"]["found"]}, {"binned"})
        self.assertIn("'poor': 1.7–4, 'fair': 4.1–6", r["message"])

    def test_cylinders_do_not_bin_displacement(self):
        # Ordered and strong (Spearman 0.91 on vega's cars), but the ranges of 4, 6 and 8 cylinders overlap.
        cars = pd.read_json(VEGA / "cars.json")[["Cylinders", "Origin", "Displacement"]]
        self.assertTrue(check_target_recoding(data(cars, "Displacement", "regression"))["ok"])

    def test_a_score_that_orders_ten_classes_is_caught(self):
        # A depth-6 tree scored this perfect predictor 0.85: gini splits one digit off at a time.
        frame = load_digits(as_frame=True).frame
        rng = np.random.default_rng(0)
        frame = frame.assign(lab_score=frame.target * 10 + rng.normal(0, 0.5, len(frame)), target=frame.target.map(lambda k: f"digit_{k}"))
        r = check_single_feature(data(frame, "target", "multiclass", [f"digit_{k}" for k in range(10)]))
        self.assertFalse(r["ok"])
        self.assertEqual(r["drop"], ["lab_score"])
        self.assertGreater(r["details"]["found"][0]["score"], 0.99)

    def test_ids_in_target_order(self):
        frame = load_diabetes(as_frame=True).frame.sort_values("target").reset_index(drop=True)
        req = task(frame, "target", "regression")
        train = pd.read_csv(req["train"])
        train.assign(id=train.target.rank(method="first").astype(int)).to_csv(req["train"], index=False)
        r = check_id_order(Data(req))
        self.assertFalse(r["ok"])
        self.assertIn("Spearman ρ = 1.000", r["message"])

    def test_rows_copied_across_the_split(self):
        req = task(wine(), "target", "multiclass", CLASSES)
        train, test = pd.read_csv(req["train"]), pd.read_csv(req["test"])
        copied = train.head(5).drop(columns=["target"]).assign(id=lambda f: f.id + 10_000)
        pd.concat([test, copied]).to_csv(req["test"], index=False)
        r = check_overlap(Data(req))
        self.assertFalse(r["ok"])
        self.assertEqual(r["details"]["overlapRows"], 5)


if __name__ == "__main__":
    unittest.main()
