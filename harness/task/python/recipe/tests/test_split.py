import unittest

import numpy as np
import pandas as pd

from recipe_prepare.split import BLOCK_KEY, latest, split, with_block_key
from recipe_prepare.table import RecipeError
from tests.helpers import panel, recipe


class GroupSplit(unittest.TestCase):
    def test_no_group_is_on_both_sides_and_about_a_quarter_of_groups_are_held_out(self):
        frame = panel(n_series=20, n_steps=10)
        train, test = split(frame, recipe(inputs=["x"], split={"kind": "group", "column": "g"}), np.random.default_rng(1), "t.csv")
        self.assertEqual(set(train["g"]) & set(test["g"]), set())
        self.assertEqual(len(set(test["g"])), 5)
        self.assertEqual(len(train) + len(test), len(frame))

    def test_sampling_keeps_whole_groups(self):
        frame = panel(n_series=20, n_steps=10)
        train, test = split(frame, recipe(inputs=["x"], maxRows=100, split={"kind": "group", "column": "g"}), np.random.default_rng(1), "t.csv")
        sizes = pd.concat([train, test]).groupby("g").size()
        self.assertTrue((sizes == 10).all())
        self.assertLessEqual(sizes.sum(), 100)

    def test_too_few_groups_is_an_error(self):
        with self.assertRaisesRegex(RecipeError, "column g has 3 groups"):
            split(panel(n_series=3), recipe(inputs=["x"], split={"kind": "group", "column": "g"}), np.random.default_rng(1), "t.csv")


class BlocksSplit(unittest.TestCase):
    """A panel stored unit after unit with no key: each run of `size` raw rows is one unit."""

    def blocks(self, frame, size=10, **changes):
        r = recipe(inputs=["x"], split={"kind": "blocks", "size": size}, **changes)
        return split(with_block_key(frame, r, "t.csv"), r, np.random.default_rng(r["seed"]), "t.csv")

    def test_no_block_is_on_both_sides(self):
        frame = panel(n_series=20, n_steps=10)
        train, test = self.blocks(frame)
        self.assertEqual(set(train["g"]) & set(test["g"]), set())
        self.assertEqual(len(set(test["g"])), 5)
        self.assertEqual(len(train) + len(test), len(frame))

    def test_the_same_seed_gives_the_same_split_and_another_seed_another(self):
        frame = panel(n_series=20, n_steps=10)
        first, again, other = self.blocks(frame)[1], self.blocks(frame)[1], self.blocks(frame, seed=8)[1]
        self.assertEqual(list(first.index), list(again.index))
        self.assertNotEqual(set(first["g"]), set(other["g"]))

    def test_a_block_is_a_run_of_raw_rows_even_when_rows_are_dropped_later(self):
        frame = panel(n_series=20, n_steps=10)
        keyed = with_block_key(frame, recipe(split={"kind": "blocks", "size": 10}), "t.csv")
        kept = keyed.drop(index=[3, 4, 15])
        self.assertEqual(list(kept[BLOCK_KEY].iloc[:9]), [0] * 8 + [1])

    def test_sampling_keeps_whole_blocks(self):
        train, test = self.blocks(panel(n_series=20, n_steps=10), maxRows=100)
        sizes = pd.concat([train, test]).groupby("g").size()
        self.assertTrue((sizes == 10).all())
        self.assertLessEqual(sizes.sum(), 100)

    def test_rows_that_are_not_whole_blocks_are_an_error(self):
        with self.assertRaisesRegex(RecipeError, "t.csv: 200 rows are not whole blocks of 7 rows"):
            self.blocks(panel(n_series=20, n_steps=10), size=7)


class TemporalSplit(unittest.TestCase):
    def test_the_test_rows_are_the_latest_times_of_every_series(self):
        r = recipe(inputs=["x"], split={"kind": "temporal", "column": "year"})
        frame = latest(panel(n_series=4, n_steps=40), r, "t.csv")
        train, test = split(frame, r, np.random.default_rng(1), "t.csv")
        self.assertLess(train["year"].astype(int).max(), test["year"].astype(int).min())
        self.assertEqual(sorted(set(test["year"].astype(int))), list(range(1980, 1990)))

    def test_latest_keeps_the_most_recent_rows(self):
        r = recipe(inputs=["x"], maxRows=30, split={"kind": "temporal", "column": "year"})
        frame = latest(panel(n_series=1, n_steps=100), r, "t.csv")
        self.assertEqual(list(frame["year"].astype(int)), list(range(2020, 2050)))

    def test_dates_are_ordered_as_dates(self):
        frame = pd.DataFrame({"d": ["2001-02-01", "2000-12-01", "2001-01-01", "2000-11-01"], "x": ["1", "2", "3", "4"], "y": ["1", "2", "3", "4"]})
        r = recipe(inputs=["x"], testFraction=0.5, split={"kind": "temporal", "column": "d"})
        train, test = split(latest(frame, r, "t.csv"), r, np.random.default_rng(0), "t.csv")
        self.assertEqual(list(test["d"]), ["2001-01-01", "2001-02-01"])


class StratifiedSplit(unittest.TestCase):
    def test_class_shares_are_kept(self):
        frame = pd.DataFrame({"x": [str(i) for i in range(400)], "y": ["a"] * 300 + ["b"] * 100})
        r = recipe(inputs=["x"], classes=["a", "b"], submission="labels", split={"kind": "stratified"})
        _, test = split(frame, r, np.random.default_rng(0), "t.csv")
        self.assertEqual((test["y"] == "b").sum(), 25)


if __name__ == "__main__":
    unittest.main()
