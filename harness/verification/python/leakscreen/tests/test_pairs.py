import unittest

import numpy as np
import statsmodels.api as sm
from sklearn.datasets import load_diabetes, load_wine

from leakscreen.hard_target import check_hard_target
from leakscreen.pairs import check_determining_pair
from leakscreen.tests.tasks import data

TRAVEL = sm.datasets.modechoice.load_pandas().data[["individual", "mode", "choice", "ttme", "invc", "gc", "hinc", "psize", "invt"]]


class DeterminingPairTest(unittest.TestCase):
    def test_travel_mode_generalised_cost_within_each_mode(self):
        r = check_determining_pair(data(TRAVEL, "invt", "regression"))
        self.assertFalse(r["ok"])
        self.assertEqual(r["drop"], ["gc"])
        f = r["details"]["found"][0]
        self.assertEqual(f["within"], "mode")
        self.assertGreater(f["score"], 0.9)
        self.assertLess(f["bestSingle"], 0.6)

    def test_without_gc_it_passes(self):
        self.assertTrue(check_determining_pair(data(TRAVEL.drop(columns=["gc"]), "invt", "regression"))["ok"])

    def test_a_class_set_by_two_inputs_together(self):
        # Planted on real rand-hie columns: the label is whether the deductible plan (idp, assigned at
        # random by the experiment) disagrees with good health (hlthg); neither column alone says anything.
        randhie = sm.datasets.randhie.load_pandas().data.sample(3000, random_state=0)
        frame = randhie.assign(label=np.where((randhie.idp == 1) != (randhie.hlthg == 1), "odd", "even"))
        r = check_determining_pair(data(frame, "label", "binary", ["even", "odd"]))
        self.assertFalse(r["ok"])
        found = r["details"]["found"][0]
        self.assertEqual(sorted(found["columns"]), ["hlthg", "idp"])
        self.assertLess(found["bestSingle"], 0.5)

    def test_inputs_with_missing_values_are_screened_not_crashed_on(self):
        # The same planted pair, with 3% of the deductible plan missing: a missing value is a
        # level of its own, and the pair still decides most rows.
        randhie = sm.datasets.randhie.load_pandas().data.sample(3000, random_state=0)
        frame = randhie.assign(label=np.where((randhie.idp == 1) != (randhie.hlthg == 1), "odd", "even"))
        frame["idp"] = frame["idp"].where(np.random.default_rng(0).random(len(frame)) > 0.03)
        r = check_determining_pair(data(frame, "label", "binary", ["even", "odd"]))
        self.assertFalse(r["ok"])
        self.assertEqual(sorted(r["details"]["found"][0]["columns"]), ["hlthg", "idp"])

    def test_real_targets_pass(self):
        wine = load_wine(as_frame=True).frame
        wine["target"] = wine.target.map(lambda c: f"c{c}")
        self.assertTrue(check_determining_pair(data(wine, "target", "multiclass", ["c0", "c1", "c2"]))["ok"])
        diabetes = load_diabetes(as_frame=True).frame
        self.assertTrue(check_determining_pair(data(diabetes, "target", "regression"))["ok"])


class HardTargetTest(unittest.TestCase):
    def test_off_unless_asked(self):
        r = check_hard_target(data(TRAVEL, "invt", "regression"))
        self.assertTrue(r["ok"])
        self.assertIn("skipped", r["message"])

    def test_alarm_when_a_model_beats_every_single_input(self):
        d = data(TRAVEL.drop(columns=["gc"]), "invt", "regression", hardTarget=True)
        d.single_scores["invt"] = [{"column": "ttme", "score": 0.3}]
        r = check_hard_target(d)
        self.assertFalse(r["ok"])
        self.assertIn("mode", r["drop"])

    def test_doctor_visits_stay_hard(self):
        randhie = sm.datasets.randhie.load_pandas().data.sample(3000, random_state=0)
        r = check_hard_target(data(randhie, "mdvis", "regression", hardTarget=True))
        self.assertTrue(r["ok"], r["message"])
        self.assertLess(r["details"]["tested"][0]["score"], 0.3)


if __name__ == "__main__":
    unittest.main()
