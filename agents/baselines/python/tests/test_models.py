import contextlib
import io
import unittest

import numpy as np
from scipy import sparse

from arena_solvers.config import FAMILIES, parse_config
from arena_solvers.models import FAMILIES as FITTERS, Clock, FitContext, NaiveBayes
from arena_solvers.objectives import POISSON, SQUARED

FACTS = {"idColumn": "id", "targetColumns": ["y"], "columns": [{"name": "id", "type": "id"}, {"name": "y", "type": "number"}],
         "threads": 1, "timeLimitSec": 3600}  # deadlines never bind here


def problem(n=300, seed=0):
    """Two informative columns of five; the class is which side of a line a row falls on."""
    rng = np.random.RandomState(seed)
    x = rng.randn(n, 5).astype(np.float32)
    return x, (x[:, 0] + 0.5 * x[:, 1] > 0).astype(int), 3 * x[:, 0] - 2 * x[:, 1] + rng.randn(n) * 0.1


def fit(family, x, y, regression, n_classes=2, n_dense=None, seed=0, sources=None, loss=None, **params):
    """Each dense column its own input unless `sources` says which input each comes from."""
    config = parse_config({**FACTS, "model": family, "seed": seed, "params": params})
    n_dense = x.shape[1] if n_dense is None else n_dense
    sources = tuple(sources or (f"x{j}" for j in range(n_dense)))
    ctx = FitContext(config, Clock(config.time_limit), regression, n_dense, loss or SQUARED, sources)
    with contextlib.redirect_stdout(io.StringIO()):
        return FITTERS[family].fit(ctx, x, y, n_classes)


LEARNERS = [f for f in FAMILIES if f != "trivial"]
# The least test accuracy on problem(): one input sees x0 only, whose sign agrees with the label's
# on 85% of rows (1 - atan(0.5) / pi), less the error of a spline fitted to it.
ACCURACY = {"one_input": 0.75}


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
                self.assertGreater((proba.argmax(axis=1) == test_y).mean(), ACCURACY.get(family, 0.8))

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


class OneInputAndTunedGlm(unittest.TestCase):
    def test_one_input_chooses_the_column_that_carries_the_target_and_predicts_its_group_means(self):
        rng = np.random.RandomState(3)
        n = 600
        level = rng.randint(0, 3, n)
        onehot = np.eye(3, dtype=np.float32)[level]
        noise = rng.randn(n, 2).astype(np.float32)
        x = np.hstack([noise[:, :1], onehot, noise[:, 1:]])
        y = np.array([10.0, 20.0, 35.0])[level] + rng.randn(n)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            config = parse_config({**FACTS, "model": "one_input"})
            ctx = FitContext(config, Clock(3600), True, 5, SQUARED, ("a", "colour", "colour", "colour", "b"))
            model = FITTERS["one_input"].fit(ctx, x, y, 0)
        self.assertEqual(model.columns, [1, 2, 3])
        self.assertIn("one input: `colour`", out.getvalue())
        np.testing.assert_allclose(model.predict(np.eye(3, 5, k=1, dtype=np.float32)), [10, 20, 35], atol=0.3)

    def test_one_input_chooses_a_classifiers_column_by_the_task_metric_not_the_log_loss(self):
        """`rare` marks 5% of the rows, all positive: the least log loss (0.06 nats off the base
        rate's) but an AUC near 0.58. `score` shifts every positive a little: AUC 0.65, less log
        loss gained. The check compares AUCs, so one input is `score`; told no direction, the loss."""
        rng = np.random.RandomState(1)
        n = 3000
        rare = rng.rand(n) < 0.05
        y = np.where(rare, 1, rng.rand(n) < 0.263).astype(int)
        score = rng.randn(n) + 0.55 * y
        x = np.column_stack([rare.astype(np.float32), score.astype(np.float32)])
        facts = {**FACTS, "model": "one_input", "classes": ["0", "1"], "metric": "roc_auc"}
        chosen = {}
        for told in (True, None):
            config = parse_config({**facts, **({"higherIsBetter": told} if told is not None else {})})
            ctx = FitContext(config, Clock(3600), False, 2, SQUARED, ("rare", "score"))
            with contextlib.redirect_stdout(io.StringIO()) as out:
                chosen[told] = FITTERS["one_input"].fit(ctx, x, y, 2).input
            self.assertIn("cross-validated roc_auc" if told else "cross-validated log loss", out.getvalue())
        self.assertEqual(chosen, {True: "score", None: "rare"})

    def test_a_direction_that_is_not_a_boolean_is_refused(self):
        with self.assertRaisesRegex(ValueError, "higherIsBetter"):
            parse_config({**FACTS, "model": "one_input", "higherIsBetter": "yes"})

    def test_one_input_with_no_tabular_column_predicts_a_constant(self):
        x, y, _ = problem()
        model = fit("one_input", x, y, regression=False, sources=[None] * 5)
        proba = model.predict_proba(x)
        np.testing.assert_allclose(proba, np.tile(np.bincount(y) / len(y), (len(y), 1)), atol=1e-9)

    def test_the_tuned_glm_penalises_noise_more_than_signal(self):
        rng = np.random.RandomState(0)
        x = rng.randn(60, 40).astype(np.float32)
        noisy = fit("glm", x, rng.randn(60), regression=True)
        clean = fit("glm", x, x[:, 0] * 3 + rng.randn(60) * 0.01, regression=True)
        self.assertGreater(noisy.alpha_, clean.alpha_)
        self.assertEqual(clean.alpha_, 0.01)

    def test_the_tuned_glm_fits_a_count_with_a_log_link(self):
        rng = np.random.RandomState(1)
        x = rng.randn(400, 3).astype(np.float32)
        counts = rng.poisson(np.exp(0.5 + 0.8 * x[:, 0]))
        model = fit("glm", x, counts, regression=True, loss=POISSON)
        self.assertEqual(type(model).__name__, "PoissonRegressor")
        self.assertAlmostEqual(float(model.coef_[0]), 0.8, delta=0.15)
        self.assertTrue((model.predict(x) > 0).all())

    def test_the_tuned_glm_keeps_legacy_linear_when_a_class_is_too_rare_to_cross_validate(self):
        x, y, _ = problem()
        y = y.copy()
        y[:2] = 2
        model = fit("glm", x, y, regression=False, n_classes=3)
        self.assertEqual(type(model).__name__, "LogisticRegression")


if __name__ == "__main__":
    unittest.main()
