import contextlib
import io
import unittest

import numpy as np
from scipy import sparse

from arena_solvers.config import FAMILIES, parse_config
from arena_solvers.models import FAMILIES as FITTERS, Clock, FitContext, NaiveBayes

FACTS = {"idColumn": "id", "targetColumns": ["y"], "columns": [{"name": "id", "type": "id"}, {"name": "y", "type": "number"}],
         "threads": 1, "timeLimitSec": 3600}  # deadlines never bind here


def problem(n=300, seed=0):
    """Two informative columns of five; the class is which side of a line a row falls on."""
    rng = np.random.RandomState(seed)
    x = rng.randn(n, 5).astype(np.float32)
    return x, (x[:, 0] + 0.5 * x[:, 1] > 0).astype(int), 3 * x[:, 0] - 2 * x[:, 1] + rng.randn(n) * 0.1


def fit(family, x, y, regression, n_classes=2, n_dense=None, seed=0, **params):
    config = parse_config({**FACTS, "model": family, "seed": seed, "params": params})
    ctx = FitContext(config, Clock(config.time_limit), regression, x.shape[1] if n_dense is None else n_dense)
    with contextlib.redirect_stdout(io.StringIO()):
        return FITTERS[family].fit(ctx, x, y, n_classes)


LEARNERS = [f for f in FAMILIES if f != "trivial"]


class Families(unittest.TestCase):
    def test_the_registry_matches_the_config_names(self):
        self.assertEqual(set(FITTERS), set(FAMILIES))

    def test_every_classifier_learns_and_gives_probabilities(self):
        x, y, _ = problem()
        test_x, test_y, _ = problem(200, seed=1)
        for family in LEARNERS:
            with self.subTest(family=family):
                proba = fit(family, x, y, regression=False).predict_proba(test_x)
                self.assertEqual(proba.shape, (200, 2))
                np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
                self.assertGreater((proba.argmax(axis=1) == test_y).mean(), 0.8)

    def test_every_regressor_but_naive_bayes_learns(self):
        x, _, v = problem()
        test_x, _, test_v = problem(200, seed=1)
        for family in LEARNERS:
            with self.subTest(family=family):
                if not FITTERS[family].regresses:
                    with self.assertRaisesRegex(ValueError, "does not regress"):
                        fit(family, x, v, regression=True)
                    continue
                pred = fit(family, x, v, regression=True).predict(test_x)
                r2 = 1 - np.mean((pred - test_v) ** 2) / np.var(test_v)
                self.assertGreater(r2, 0.5)

    def test_the_same_seed_gives_the_same_model(self):
        x, y, _ = problem()
        for family in ("forest", "extra_trees", "hist_gbm", "gbm", "mlp", "tree"):
            with self.subTest(family=family):
                first, second = (fit(family, x, y, regression=False, seed=7).predict_proba(x) for _ in range(2))
                np.testing.assert_array_equal(first, second)
        other = fit("forest", x, y, regression=False, seed=8).predict_proba(x)
        self.assertFalse(np.array_equal(other, fit("forest", x, y, regression=False, seed=7).predict_proba(x)))

    def test_params_reach_the_model(self):
        x, y, _ = problem()
        self.assertEqual(fit("tree", x, y, regression=False, depth=2).get_depth(), 2)
        self.assertEqual(fit("knn", x, y, regression=False, k=3).n_neighbors, 3)
        self.assertEqual(len(fit("forest", x, y, regression=False, trees=60).estimators_), 60)
        self.assertEqual(fit("mlp", x, y, regression=False, hidden=8).coefs_[0].shape, (5, 8))

    def test_naive_bayes_adds_the_text_evidence_to_the_numbers(self):
        x, y, _ = problem()
        words = sparse.csr_matrix(np.c_[y * 3, (1 - y) * 3].astype(np.float32))  # a word per class
        both = sparse.hstack([sparse.csr_matrix(x), words]).tocsr()
        model = NaiveBayes(n_dense=5, smoothing=0.1).fit(both, y)
        proba = model.predict_proba(both)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
        self.assertEqual((proba.argmax(axis=1) == y).mean(), 1.0)
        numbers_only = NaiveBayes(n_dense=5, smoothing=0.1).fit(x, y).predict_proba(x)
        self.assertLess((numbers_only.argmax(axis=1) == y).mean(), 1.0)


if __name__ == "__main__":
    unittest.main()
