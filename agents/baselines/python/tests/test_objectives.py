import os
import tempfile
import unittest

import numpy as np
import pandas as pd
from sklearn import metrics

from arena_solvers.config import FAMILIES, parse_config
from arena_solvers.objectives import ABSOLUTE, GAMMA, LOG_SQUARED, POISSON, SQUARED, TWEEDIE, clip_to_domain, loss_of, positive_floor
from tests.helpers import run_step, workspace

COUNT = {"truth": "non-negative", "prediction": "positive"}
FACTS = {"idColumn": "id", "targetColumns": ["y"], "columns": [{"name": "id", "type": "id"}, {"name": "y", "type": "number"}]}


def write_values_task(root, kind, metric, domain, n_train=600, n_test=300, params=None):
    """A public dir whose target is a count (Poisson, rate exp(1.2·x1 − 0.8·x2)) or a positive amount
    (gamma, the same mean), and the test rows' truth: the scores are computed here, by scikit-learn."""
    rng = np.random.RandomState(5)
    n = n_train + n_test
    x = rng.randn(n, 3)
    mean = np.exp(0.3 + 1.2 * x[:, 0] - 0.8 * x[:, 1])
    y = rng.poisson(mean).astype(float) if kind == "count" else rng.gamma(2.0, mean / 2.0)
    table = pd.DataFrame({"id": [f"r{i}" for i in range(n)], "x1": x[:, 0].round(4), "x2": x[:, 1].round(4), "x3": x[:, 2].round(4), "y": y.round(6)})
    public = os.path.join(root, "public")
    os.makedirs(public, exist_ok=True)
    table.iloc[:n_train].to_csv(os.path.join(public, "train.csv"), index=False)
    table.iloc[n_train:].drop(columns="y").to_csv(os.path.join(public, "test.csv"), index=False)
    table.iloc[n_train:][["id"]].assign(y=1).to_csv(os.path.join(public, "sample_submission.csv"), index=False)
    facts = {**FACTS, "objective": "regression", "metric": metric, "metricDomain": domain, "metricParams": params or {},
             "threads": 1, "timeLimitSec": 60, "data_dir": public, "seed": 0}
    return facts, table.iloc[n_train:]["y"].to_numpy()


class Clipping(unittest.TestCase):
    def config(self, prediction):
        return parse_config({**FACTS, "model": "linear", "metricDomain": None if prediction is None else {"truth": "real", "prediction": prediction}})

    def test_predictions_move_into_the_domain_and_no_further(self):
        y = np.array([0.0, 2.0, 4.0, 2.0])  # mean 2 over 4 rows: the least positive prediction is 0.5
        pred = np.array([-2.0, 0.0, 0.1, 3.5], dtype=np.float32)
        self.assertEqual(positive_floor(y), 0.5)
        np.testing.assert_array_equal(clip_to_domain(self.config("positive"), pred, y), [0.5, 0.5, 0.5, 3.5])
        np.testing.assert_allclose(clip_to_domain(self.config("non-negative"), pred, y), [0.0, 0.0, 0.1, 3.5], rtol=1e-7)
        for prediction in ("real", None):
            np.testing.assert_array_equal(clip_to_domain(self.config(prediction), pred, y), pred)
        # An all-zero training target still gets a positive floor, and float32 input does not round it to 0.
        tiny = clip_to_domain(self.config("positive"), np.zeros(2, dtype=np.float32), np.zeros(3))
        self.assertTrue((tiny > 0).all())

    def test_a_clipped_prediction_gets_a_finite_score_from_scikit_learn(self):
        truth, y = np.array([0.0, 5.0, 2.0]), np.array([0.0, 1.0, 3.0, 8.0])
        clipped = clip_to_domain(self.config("positive"), np.array([-1.0, 0.0, 2.0]), y)
        self.assertTrue(np.isfinite(metrics.mean_poisson_deviance(truth, clipped)))
        self.assertTrue(np.isfinite(metrics.mean_gamma_deviance(truth[1:], clipped[1:])))
        with self.assertRaises(ValueError):
            metrics.mean_poisson_deviance(truth, [-1.0, 0.0, 2.0])
        # The smallest positive double is not a usable floor: the deviance divides by it.
        with np.errstate(over="ignore"):
            self.assertEqual(metrics.mean_poisson_deviance([5.0], [5e-324]), np.inf)


class Losses(unittest.TestCase):
    def loss(self, metric, y):
        return loss_of(parse_config({**FACTS, "model": "linear", "metric": metric}), np.asarray(y, dtype=float))

    def test_each_metric_is_fitted_for_what_it_scores(self):
        y = [0.0, 1.0, 3.0]
        expected = {"rmse": SQUARED, "r2": SQUARED, "mae": ABSOLUTE, "mase": ABSOLUTE, "rmsle": LOG_SQUARED,
                    "poisson_deviance": POISSON, "tweedie_deviance": TWEEDIE, "gamma_deviance": SQUARED, "": SQUARED}
        for metric, loss in expected.items():
            with self.subTest(metric=metric):
                self.assertIs(self.loss(metric, y), loss)  # gamma: a zero target has no log, so squared errors
        self.assertIs(self.loss("gamma_deviance", [0.5, 2.0]), GAMMA)
        self.assertIs(self.loss("poisson_deviance", [-1.0, 2.0]), SQUARED)

    def test_the_best_constants(self):
        y = np.array([0.0, 1.0, 1.0, 10.0])
        self.assertEqual(POISSON.constant(y), 3.0)
        self.assertEqual(ABSOLUTE.constant(y), 1.0)
        # The constant minimising the Poisson deviance is the mean: scipy finds it too.
        from scipy.optimize import minimize_scalar

        best = minimize_scalar(lambda mu: metrics.mean_poisson_deviance(y, np.full(4, mu)), bounds=(0.01, 10), method="bounded").x
        self.assertAlmostEqual(best, POISSON.constant(y), places=4)


class DevianceTasks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="arena-objectives-")
        cls.count, cls.count_truth = write_values_task(os.path.join(cls.dir.name, "count"), "count", "poisson_deviance", COUNT)
        cls.tweedie, _ = write_values_task(os.path.join(cls.dir.name, "tweedie"), "count", "tweedie_deviance", COUNT, params={"power": 1.3})
        cls.gamma, cls.gamma_truth = write_values_task(os.path.join(cls.dir.name, "gamma"), "gamma", "gamma_deviance", {"truth": "positive", "prediction": "positive"})

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def scores(self, facts, truth, score):
        out = {}
        with workspace():
            for family in FAMILIES:
                _, result, sub = run_step(facts, model=family)
                pred = sub["y"].to_numpy(dtype=float)
                self.assertTrue((pred > 0).all(), f"{facts['metric']} {family}: {pred.min()}")
                out[family] = (score(truth, pred), result["holdout"])
        return out

    def test_every_family_predicts_positive_counts_and_learns(self):
        scores = self.scores(self.count, self.count_truth, metrics.mean_poisson_deviance)
        trivial = scores.pop("trivial")[0]
        self.assertAlmostEqual(trivial, metrics.mean_poisson_deviance(self.count_truth, np.full(len(self.count_truth), pd.read_csv(os.path.join(self.count["data_dir"], "train.csv"))["y"].mean())))
        for family, (score, holdout) in scores.items():
            with self.subTest(family=family):
                self.assertTrue(np.isfinite(score))
                if family != "naive_bayes":  # cannot regress: the mean
                    self.assertLess(score, 0.8 * trivial)
                    self.assertIsNotNone(holdout)

    def test_the_linear_model_is_a_poisson_glm_not_a_clipped_line(self):
        """The line on the same features, clipped where it goes negative, scores far worse."""
        with workspace():
            printed, _, glm = run_step(self.count, model="linear")
            clipped_printed, _, line = run_step({**self.count, "metric": "custom"}, model="linear")
        self.assertNotIn("moved into its positive domain", printed)
        self.assertRegex(clipped_printed, r"custom: \d+ predictions moved into its positive domain")
        glm_score = metrics.mean_poisson_deviance(self.count_truth, glm["y"])
        self.assertLess(glm_score, 0.7 * metrics.mean_poisson_deviance(self.count_truth, line["y"]))
        # scikit-learn's own Poisson GLM on the same (standardised) features scores alike.
        from sklearn.linear_model import PoissonRegressor

        train, test = (pd.read_csv(os.path.join(self.count["data_dir"], f)) for f in ("train.csv", "test.csv"))
        cols = ["x1", "x2", "x3"]
        mean, std = train[cols].mean(), train[cols].std(ddof=0)
        reference = PoissonRegressor(alpha=1 / len(train), max_iter=1000).fit((train[cols] - mean) / std, train["y"]).predict((test[cols] - mean) / std)
        self.assertAlmostEqual(glm_score, metrics.mean_poisson_deviance(self.count_truth, reference), places=3)

    def test_tweedie_and_gamma_tasks_score_finitely_in_every_family(self):
        tweedie_truth = self.count_truth
        tweedie = self.scores(self.tweedie, tweedie_truth, lambda t, p: metrics.mean_tweedie_deviance(t, p, power=1.3))
        gamma = self.scores(self.gamma, self.gamma_truth, metrics.mean_gamma_deviance)
        for name, scores in (("tweedie", tweedie), ("gamma", gamma)):
            for family, (score, _) in scores.items():
                with self.subTest(metric=name, family=family):
                    self.assertTrue(np.isfinite(score))
            self.assertLess(scores["gbm"][0], scores["trivial"][0], name)
            self.assertLess(scores["linear"][0], scores["trivial"][0], name)

    def test_hold_out_scores_are_scikit_learns_metric(self):
        with workspace():
            _, result, _ = run_step(self.tweedie, model="hist_gbm")
        self.assertEqual(result["metric"], "tweedie_deviance")
        self.assertGreater(result["holdout"], 0)
        mase = {**self.count, "metric": "mase", "metricDomain": None, "metricParams": {"scale": 2.0}}
        with workspace():
            _, scaled, _ = run_step(mase, model="tree")
            _, mae, _ = run_step({**mase, "metric": "mae"}, model="tree")
            _, unscaled, _ = run_step({**mase, "metricParams": {}}, model="tree")
        self.assertAlmostEqual(scaled["holdout"], mae["holdout"] / 2.0)
        self.assertIsNone(unscaled["holdout"])


if __name__ == "__main__":
    unittest.main()
