import unittest

import pandas as pd
import statsmodels.api as sm
from sklearn.datasets import load_breast_cancer, load_iris

from leakscreen.one_hot import check_one_hot, stem
from leakscreen.tests.tasks import data

RANDHIE = sm.datasets.randhie.load_pandas().data.sample(4000, random_state=1)


def zero_one(frame, target):
    return frame.assign(**{target: frame[target].astype(int).astype(str)})


class OneHotTest(unittest.TestCase):
    def test_rand_hie_health_dummies(self):
        r = check_one_hot(data(zero_one(RANDHIE, "hlthg"), "hlthg", "binary", ["0", "1"]))
        self.assertFalse(r["ok"])
        self.assertEqual(sorted(r["drop"]), ["hlthf", "hlthp"])
        self.assertIn("named like it (hlth…)", r["message"])
        self.assertFalse(r["details"]["found"][0]["complete"])  # excellent health, the reference level, is no column

    def test_without_the_siblings_it_passes(self):
        r = check_one_hot(data(zero_one(RANDHIE.drop(columns=["hlthf", "hlthp"]), "hlthg"), "hlthg", "binary", ["0", "1"]))
        self.assertTrue(r["ok"], r["message"])

    def test_a_complete_group_needs_no_shared_name(self):
        iris = load_iris(as_frame=True).frame
        names = dict(enumerate(["setosa", "versicolor", "virginica"]))
        dummies = pd.get_dummies(iris.target.map(names)).astype(int)
        frame = pd.concat([iris.drop(columns=["target"]), dummies], axis=1)
        r = check_one_hot(data(zero_one(frame, "setosa"), "setosa", "binary", ["0", "1"]))
        self.assertEqual(sorted(r["drop"]), ["versicolor", "virginica"])
        self.assertIn("the target is 1 minus their sum", r["message"])

    def test_a_real_binary_target_with_real_binary_inputs_passes(self):
        cancer = load_breast_cancer(as_frame=True).frame
        frame = cancer.assign(large=(cancer["mean radius"] > 15).astype(int), smooth=(cancer["mean smoothness"] < 0.08).astype(int))
        r = check_one_hot(data(zero_one(frame, "target"), "target", "binary", ["0", "1"]))
        self.assertTrue(r["ok"], r["message"])

    def test_stems(self):
        self.assertEqual(stem("hlthg", "hlthp"), "hlth")
        self.assertEqual(stem("color_red", "color_blue"), "color_")
        self.assertEqual(stem("red_flag", "blue_flag"), "_flag")
        self.assertIsNone(stem("age", "sex"))
        self.assertIsNone(stem("abc", "abcd"))  # one name inside the other is not a family of dummies


if __name__ == "__main__":
    unittest.main()
