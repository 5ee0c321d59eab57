"""Survival pairs from \\format entries, against the pages of KMsurv, survival and TH.data."""
import unittest

import pandas as pd

from rpkg.catalog import PackageDatasets
from rpkg.survival_format import event_value, survival_pairs
from rpkg.tests.test_packages import package


def targets(debian, obj):
    return PackageDatasets(package(debian), {}).table_and_card(obj)[1]["targets"]


class SurvivalFormatTest(unittest.TestCase):
    def test_event_values_from_codings(self):
        self.assertEqual(event_value("Death indicator (0=alive, 1=dead)", [0, 1]), "")
        self.assertEqual(event_value("censoring status 1=censored, 2=dead", [1, 2]), "2")
        self.assertEqual(event_value("censoring indicator (0- censored, 1- event).", [0, 1]), "")
        self.assertEqual(event_value("a numeric vector code. Survival status. 1: blindness, 0: censored.", [0, 1]), "")
        # Not a status: a coding without an event (sex), or one that makes 0 the event.
        self.assertIsNone(event_value("1=male, 2=female", [1, 2]))
        self.assertEqual(event_value("0=dead, 1=alive", [0, 1]), "0")

    def test_kmsurv_pages_pair_each_time_with_its_indicator(self):
        # ?burn: T1 "Time to excision or on study time", D1 "Excision indicator: 1=yes 0=no"; T2/D2 and T3/D3 alike.
        formulas = sorted(t["evidence"]["text"].split(":")[0] for t in targets("r-cran-kmsurv", "burn"))
        self.assertEqual(formulas, ["Surv(T1, D1)", "Surv(T2, D2)", "Surv(T3, D3)"])
        # ?std: time "Time to reinfection", rinfct "Reinfection (1=yes, 0=no)".
        (std,) = targets("r-cran-kmsurv", "std")
        self.assertEqual((std["column"], std["modelFamily"], std["evidence"]["kind"]), ("time", "survival", "r-format-survival"))
        self.assertTrue(std["evidence"]["text"].startswith("Surv(time, rinfct): "))
        # ?bmt: the page gives tp (platelet recovery) the text of tc ("Time To Chronic Graft-Versus-Host
        # Disease"), so tp pairs with nothing rather than with dp or dc; z10 (MTX as a graft-versus-host
        # prophylactic) is no indicator of acute GVHD.
        bmt = {t["column"]: t["evidence"]["text"].split(":")[0] for t in targets("r-cran-kmsurv", "bmt")}
        self.assertEqual(bmt, {"t1": "Surv(t1, d1)", "t2": "Surv(t2, d3)", "ta": "Surv(ta, da)", "tc": "Surv(tc, dc)"})

    def test_one_time_and_one_censoring_indicator(self):
        # survival's lung (alias cancer): "time: Survival time in days", "status: censoring status 1=censored, 2=dead".
        (lung,) = [t for t in targets("r-cran-survival", "cancer") if t["evidence"]["kind"] == "r-format-survival"]
        self.assertTrue(lung["evidence"]["text"].startswith("Surv(time, status == 2): "))
        (gbsg2,) = targets("r-cran-th.data", "GBSG2")
        self.assertTrue(gbsg2["evidence"]["text"].startswith("Surv(time, cens): "))

    def test_no_pair_without_a_time_to_an_event(self):
        # KMsurv baboon: "Descent time (military time)" is a clock time, `observed` no event indicator of it.
        meanings = {"time": "Descent time (military time)", "observed": "Indicator of observed or not (1=observed, 0=not observed)"}
        frame = pd.DataFrame({"time": [656, 659, 700], "observed": [1, 0, 1]})
        self.assertEqual(survival_pairs(meanings, frame), [])


if __name__ == "__main__":
    unittest.main()
