import tempfile
import unittest
from pathlib import Path

import statsmodels.api as sm

from leakscreen.table import COLUMN_SCREENS, screen_table
from leakscreen.tests.tasks import defaults


class TableTest(unittest.TestCase):
    """The column screens on a raw table, as a generator would call them before preparing a task."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.table = Path(self.dir.name) / "star98.csv"
        sm.datasets.star98.load_pandas().data.to_csv(self.table, index=False)

    def tearDown(self):
        self.dir.cleanup()

    def request(self, **kw):
        return {"table": str(self.table), "targetColumns": ["AVSALK"], "objective": "regression", "classes": None, "inputs": None, "options": defaults(), **kw}

    def test_the_ratio_on_the_raw_table(self):
        out = screen_table(self.request())
        self.assertEqual([c["id"] for c in out["checks"]], COLUMN_SCREENS)
        identity = next(c for c in out["checks"] if c["id"] == "target-identity")
        self.assertEqual(sorted(identity["drop"]), ["AVYRSEXP_AVSAL", "PERMINTE_AVSAL", "PERMINTE_AVYRSEXP_AVSAL"])
        self.assertTrue(identity["message"].startswith("star98.csv columns "))
        self.assertIn("on 303 rows", identity["message"])  # every row, no split

    def test_chosen_inputs_only(self):
        out = screen_table(self.request(inputs=["AVYRSEXP", "PTRATIO", "LOWINC"]))
        self.assertTrue(all(c["ok"] for c in out["checks"]), [c["message"] for c in out["checks"] if not c["ok"]])

    def test_a_missing_column_is_named(self):
        with self.assertRaisesRegex(ValueError, r"star98\.csv: no column\(s\) AVSAL "):
            screen_table(self.request(inputs=["AVSAL"]))


if __name__ == "__main__":
    unittest.main()
