import unittest

from leakscreen.names import check_names, rest, tokens
from leakscreen.support import check_support
from leakscreen.tests.arena import dataset
from leakscreen.tests.tasks import data

# The USGS earthquakes (vega-datasets, one week of Feb 2018) as smith-v2's magnitude task has it.
EARTHQUAKES = ["time", "longitude", "latitude", "depth_km", "tz", "status", "tsunami", "net", "sources", "types", "nst", "dmin", "rms", "gap", "mag_type", "type", "updated", "mag"]

# AER CreditCard as smith-v2's expenditure task has it (share, expenditure over income, already dropped).
EXPENDITURE = ["card", "age", "income", "owner", "selfemp", "dependents", "months", "majorcards", "active", "expenditure"]


class CreditCardTest(unittest.TestCase):
    """AER CreditCard (Greene, 1,319 applicants): `card` says whether the application was accepted,
    decided on the record; a refused applicant has no card and so spends nothing on it."""

    def test_an_accepted_application_marks_nonzero_expenditure(self):
        r = check_support(data(dataset("aer-creditcard", EXPENDITURE), "expenditure", "regression"))
        self.assertFalse(r["ok"])
        [f] = r["details"]["found"]
        # Every applicant who spends holds a card; 2% of the card holders spend nothing.
        self.assertEqual((f["marker"], f["columns"], f["state"], f["coverage"]), ("key", ["card"], "nonzero", 1.0))
        self.assertLess(f["error"], 0.035)
        self.assertLess(f["p"], 1e-30)
        self.assertEqual(r["drop"], ["card"])
        self.assertRegex(r["message"], r"column `card` marks where target `expenditure` is nonzero: on the \d+ rows of its values that do, the target is nonzero on 9\d\.\d% of them .*those are 100% of all rows where it is nonzero; drop `card`")

    def test_without_card_expenditure_is_clean(self):
        frame = dataset("aer-creditcard", [c for c in EXPENDITURE if c != "card"])
        self.assertTrue(check_support(data(frame, "expenditure", "regression"))["ok"])


class HonestZeroStatesTest(unittest.TestCase):
    """Counts with many zeros whose design variables nearly always give a nonzero count somewhere."""

    def test_arabidopsis_cells_where_every_plant_fruits_are_no_leak(self):
        # lme4 Arabidopsis (Banta et al.): region × rack × nutrient cells where (almost) every plant
        # fruits hold half of the fruiting plants, below the key's coverage bar.
        frame = dataset("lme4-arabidopsis", ["reg", "popu", "gen", "rack", "nutrient", "amd", "status", "total.fruits"])
        r = check_support(data(frame, "total.fruits", "regression"))
        self.assertTrue(r["ok"], r["message"])
        r = check_support(data(frame, "total.fruits", "regression", supportKeyMinCoverage=0.5))
        self.assertEqual(r["details"]["found"][0]["marker"], "key")

    def test_doctor_visits_and_affairs_have_no_marking_key(self):
        cases = [("aer-doctorvisits", ["gender", "age", "income", "illness", "reduced", "health", "private", "freepoor", "freerepat", "nchronic", "lchronic"], "visits"),
                 ("aer-affairs", ["gender", "age", "yearsmarried", "children", "religiousness", "education", "occupation", "rating"], "affairs")]
        for name, inputs, target in cases:
            with self.subTest(name):
                self.assertTrue(check_support(data(dataset(name, inputs + [target]), target, "regression"))["ok"])


class RecordedWithTheTargetTest(unittest.TestCase):
    """Inputs named after the target by words on how it was recorded: written once it was known."""

    def test_descriptor_words_are_what_a_name_adds_to_the_target(self):
        self.assertEqual(rest(tokens("magType"), tokens("mag")), ["type"])
        self.assertEqual(rest(tokens("LNOxEm"), tokens("LNOx")), ["em"])
        self.assertIsNone(rest(tokens("mag"), tokens("mag")))

    def test_the_magnitude_scale_of_an_earthquake_is_dropped(self):
        # mb only from magnitude 3.8 and mww from 4.9: the scale was picked once the size was known.
        r = check_names(data(dataset("earthquakes", EARTHQUAKES), "mag", "regression"))
        self.assertFalse(r["ok"])
        self.assertEqual(r["drop"], ["mag_type"])
        [f] = r["details"]["found"]
        self.assertTrue(f["describes"])
        self.assertTrue(0.3 <= f["association"] < 0.7, f)
        self.assertLess(f["p"], 1e-30)
        self.assertRegex(r["message"], r"column `mag_type` describes how target `mag` was recorded, so it is written after the target is known, and is associated with it \(Cramér's V 0\.\d+, (p < 1e-300|p = \d\.?\d*e-\d+)\)$")

    def test_an_input_named_after_the_target_by_another_quantity_keeps_the_high_bar(self):
        # robustbase NOxEmissions: LNOxEm, the emissions that explain the concentration LNOx (ρ 0.63).
        frame = dataset("robustbase-noxemissions", ["julday", "LNOxEm", "sqrtWS", "LNOx"])
        self.assertTrue(check_names(data(frame, "LNOx", "regression"))["ok"])
