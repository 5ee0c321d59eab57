import json
import os
import unittest

import statsmodels.api as sm

from leakscreen.registry import CHECKS
from leakscreen.run import run
from leakscreen.tests.tasks import task


class RunTest(unittest.TestCase):
    def test_one_entry_per_check_with_drop_lists_and_json_safe_details(self):
        req = task(sm.datasets.star98.load_pandas().data, "AVSALK", "regression")
        out = run(req)
        self.assertEqual([c["id"] for c in out["checks"]], list(CHECKS))
        json.dumps(out, allow_nan=False)
        by = {c["id"]: c for c in out["checks"]}
        self.assertFalse(by["target-identity"]["ok"])
        self.assertIn("AVYRSEXP_AVSAL", by["target-identity"]["drop"])
        # Reported once: the identity's columns are not reported again as single-feature predictors.
        self.assertTrue(all(c["drop"] == [] for c in out["checks"] if c["ok"]))

    def test_missing_files_fail_every_check_with_the_file_named(self):
        req = task(sm.datasets.star98.load_pandas().data, "AVSALK", "regression")
        os.remove(req["train"])
        out = run(req)
        self.assertEqual(len(out["checks"]), len(CHECKS))
        for c in out["checks"]:
            self.assertFalse(c["ok"])
            self.assertIn("train.csv", c["message"])


if __name__ == "__main__":
    unittest.main()
