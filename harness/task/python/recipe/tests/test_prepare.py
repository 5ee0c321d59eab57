import hashlib
import tempfile
import unittest
from pathlib import Path

import pandas as pd

from recipe_prepare.prepare import prepare
from tests.helpers import panel, recipe


def run(r, frame):
    root = Path(tempfile.mkdtemp())
    raw, public, private = root / "raw", root / "public", root / "private"
    for d in (raw, public, private):
        d.mkdir()
    frame.to_csv(raw / "data.csv", index=False)
    prepare(r, raw, public, private)
    files = sorted(p for p in root.rglob("*.csv") if "raw" not in p.parts)
    return root, {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


class Prepare(unittest.TestCase):
    def test_deterministic_and_laid_out(self):
        r = recipe(inputs=["x"], split={"kind": "group", "column": "g"})
        a, first = run(r, panel(n_series=12))
        _, second = run(r, panel(n_series=12))
        self.assertEqual(first, second)
        self.assertEqual(sorted(first), ["private/answers.csv", "private/test_units.csv", "public/sample_submission.csv", "public/test.csv", "public/train.csv"])
        train = pd.read_csv(a / "public/train.csv")
        test = pd.read_csv(a / "public/test.csv")
        answers = pd.read_csv(a / "private/answers.csv")
        self.assertEqual(list(train.columns), ["id", "x", "y"])
        self.assertEqual(list(test.columns), ["id", "x"])
        self.assertEqual(list(answers.columns), ["id", "y", "leaderboard"])
        self.assertEqual(sorted(answers["id"]), sorted(test["id"]))
        self.assertEqual(set(train["id"]) & set(test["id"]), set())

    def test_each_test_row_of_a_group_split_has_its_unit_and_no_other_split_writes_units(self):
        frame = panel(n_series=12)
        frame["x"] = frame["g"].str[1:]
        root, _ = run(recipe(inputs=["x"], split={"kind": "group", "column": "g"}), frame)
        test = pd.read_csv(root / "public/test.csv")
        units = pd.read_csv(root / "private/test_units.csv")
        self.assertEqual(list(units.columns), ["id", "unit"])
        self.assertEqual(sorted(units["id"]), sorted(test["id"]))
        # x names the series here: rows of one unit share x, rows of two units do not.
        by_id = test.set_index("id")["x"]
        xs = units.assign(x=units["id"].map(by_id)).groupby("unit")["x"].nunique()
        self.assertTrue((xs == 1).all())
        self.assertEqual(units.assign(x=units["id"].map(by_id)).groupby("x")["unit"].nunique().max(), 1)
        self.assertEqual(sorted(units["unit"].unique()), list(range(3)))
        root, _ = run(recipe(inputs=["x"]), frame)
        self.assertFalse((root / "private/test_units.csv").exists())

    def test_a_derived_input_is_published_after_the_inputs_and_its_instants_are_not(self):
        frame = pd.DataFrame({"x": [f"{i}" for i in range(40)], "born": [f"19{10 + i % 30}-01-01" for i in range(40)],
                              "entry": ["1950-01-01"] * 40, "y": [f"{i * 0.5}" for i in range(40)]})
        r = recipe(inputs=["x"], derivedInputs=[{"name": "age_at_entry", "kind": "span", "from": "born", "to": "entry", "per": 365.25}])
        root, _ = run(r, frame)
        train = pd.read_csv(root / "public/train.csv")
        test = pd.read_csv(root / "public/test.csv")
        self.assertEqual(list(train.columns), ["id", "x", "age_at_entry", "y"])
        self.assertEqual(list(test.columns), ["id", "x", "age_at_entry"])
        # x = i was born in 1910 + i % 30: 40 years old at 1950 for i = 0, 11 years for i = 29.
        ages = dict(zip(train["x"], train["age_at_entry"]))
        for x, age in ages.items():
            self.assertAlmostEqual(age, 40 - x % 30, delta=0.02)

    def test_a_forecast_publishes_its_lags(self):
        r = recipe(inputs=["year"], split={"kind": "temporal", "column": "year"}, lags={"lags": [10, 11]})
        root, _ = run(r, panel(n_series=1, n_steps=40).drop(columns=["g"]))
        test = pd.read_csv(root / "public/test.csv")
        self.assertEqual(list(test.columns), ["id", "year", "y_lag_10", "y_lag_11"])
        self.assertEqual(len(test), 10)
        self.assertFalse(test["y_lag_10"].isna().any())

    def test_a_blocks_split_publishes_no_block_number_and_keeps_each_unit_on_one_side(self):
        frame = panel(n_series=12, n_steps=10)
        frame["x"] = frame["g"]
        r = recipe(inputs=["x"], split={"kind": "blocks", "size": 10})
        root, _ = run(r, frame.drop(columns=["g"]))
        train = pd.read_csv(root / "public/train.csv")
        test = pd.read_csv(root / "public/test.csv")
        self.assertEqual(list(test.columns), ["id", "x"])
        self.assertEqual(set(train["x"]) & set(test["x"]), set())
        self.assertEqual(len(set(test["x"])), 3)
        units = pd.read_csv(root / "private/test_units.csv")
        self.assertEqual(units.merge(test, on="id").groupby("unit")["x"].nunique().tolist(), [1, 1, 1])

    def test_a_row_repeated_in_two_blocks_is_published_once(self):
        frame = panel(n_series=12, n_steps=10)
        frame.loc[25, ["x", "y"]] = frame.loc[5, ["x", "y"]].to_numpy()
        root, _ = run(recipe(inputs=["x"], split={"kind": "blocks", "size": 10}), frame.drop(columns=["g", "year"]))
        train = pd.read_csv(root / "public/train.csv", dtype=str)
        test = pd.read_csv(root / "public/test.csv", dtype=str)
        self.assertEqual(len(train) + len(test), 119)


if __name__ == "__main__":
    unittest.main()
