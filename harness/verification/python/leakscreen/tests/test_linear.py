import itertools
import unittest

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression

from leakscreen.linear import Correlations, backward, subsets


class CorrelationsTest(unittest.TestCase):
    """The batched R² against scikit-learn's LinearRegression, on the real diabetes data."""

    def setUp(self):
        self.x, self.y = load_diabetes(return_X_y=True)
        self.corr = Correlations(self.x, self.y)

    def test_pairs_and_triples_match_scikit_learn(self):
        for k in (2, 3):
            subs = subsets(self.x.shape[1], k)
            r2, _ = self.corr.r2(subs)
            for s, got in list(zip(subs, r2))[::7]:
                want = LinearRegression().fit(self.x[:, s], self.y).score(self.x[:, s], self.y)
                self.assertAlmostEqual(got, want, places=10, msg=str(s))

    def test_collinear_subsets_do_not_fail(self):
        x = np.column_stack([self.x[:, 0], self.x[:, 0] * 2.0, self.x[:, 1]])
        r2, _ = Correlations(x, self.y).r2([[0, 1], [0, 2]])
        want = LinearRegression().fit(self.x[:, [0]], self.y).score(self.x[:, [0]], self.y)
        self.assertAlmostEqual(r2[0], want, places=8)

    def test_triples_among_a_subset(self):
        self.assertEqual(len(subsets(10, 3, among=[1, 4, 7, 9])), 4)
        self.assertEqual(len(subsets(10, 3)), 120)

    def test_backward_elimination_finds_the_columns_of_a_planted_total(self):
        y = self.x[:, 2] + self.x[:, 3] + self.x[:, 5] + self.x[:, 8]
        corr = Correlations(self.x, y)
        self.assertEqual(sorted(backward(corr, range(10), 0.9999)), [2, 3, 5, 8])
        # A real target is not an identity: nothing can go below the bar it never reaches.
        full, _ = Correlations(self.x, self.y).r2([list(range(10))])
        self.assertLess(full[0], 0.6)


if __name__ == "__main__":
    unittest.main()
