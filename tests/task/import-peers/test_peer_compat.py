"""Our mlebench/mledojo compatibility modules against the real peer modules (tests/fixtures/peers/peer-lib).

Run from vitest (peer-compat.test.ts): python3 -m unittest discover -s tests/task/import-peers -p 'test_*.py'.
"""
import importlib.util
import sys
import unittest
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn.metrics

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "harness" / "grading" / "python" / "peer_compat"))

import sklearn_backports  # noqa: E402
from mlebench import metrics as ours_metrics  # noqa: E402
from mlebench.competitions import utils as ours_utils  # noqa: E402
from mlebench.grade_helpers import InvalidSubmissionError  # noqa: E402

PEER_LIB = ROOT / "tests" / "fixtures" / "peers" / "peer-lib" / "mlebench"


def load_real(name, path):
    """A real peer module under another name; its own `mlebench.*` imports resolve to ours."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


real_metrics = load_real("real_mlebench_metrics", PEER_LIB / "metrics.py")
real_utils = load_real("real_mlebench_competitions_utils", PEER_LIB / "competitions" / "utils.py")


class MetricsTest(unittest.TestCase):
    def test_average_precision_at_k_matches_the_peer(self):
        rng = np.random.default_rng(1)
        items = [f"{i:010d}" for i in range(30)]
        for _ in range(300):
            actual = set(rng.choice(items, rng.integers(0, 8), replace=False))
            predicted = list(rng.choice(items, rng.integers(0, 20)))  # duplicates included
            k = int(rng.integers(1, 15))
            self.assertEqual(ours_metrics.average_precision_at_k(actual, predicted, k), real_metrics.average_precision_at_k(actual, predicted, k))

    def test_mean_average_precision_matches_the_peer(self):
        actual = [{"a", "b"}, {"c"}, set()]
        predicted = [["b", "x", "a"], ["x", "y"], ["a"]]
        self.assertEqual(ours_metrics.mean_average_precision_at_k(actual, predicted, 12), real_metrics.mean_average_precision_at_k(actual, predicted, 12))

    def test_dice_matches_the_peer(self):
        rng = np.random.default_rng(2)
        for _ in range(50):
            a, b = rng.integers(0, 2, (6, 7)), rng.integers(0, 2, (6, 7))
            self.assertEqual(ours_metrics.dice_coefficient(a, b), real_metrics.dice_coefficient(a, b))
        empty = np.zeros((3, 3))
        self.assertTrue(np.isnan(ours_metrics.dice_coefficient(empty, empty)))
        self.assertEqual(ours_metrics.dice_coefficient(empty, empty, both_empty_value=1.0), 1.0)


class CompetitionUtilsTest(unittest.TestCase):
    def frames(self, seed=3, n=40):
        rng = np.random.default_rng(seed)
        classes = ["EAP", "HPL", "MWS"]
        answers = pd.DataFrame({"id": [f"id{i:05d}" for i in rng.permutation(n)], "author": rng.choice(classes, n)})
        return rng, classes, answers

    def test_one_hot_and_log_loss_inputs_match_the_peer(self):
        rng, classes, answers = self.frames()
        ours_hot = ours_utils.df_to_one_hot(answers, "id", "author", classes)
        pd.testing.assert_frame_equal(ours_hot, real_utils.df_to_one_hot(answers, "id", "author", classes))
        submission = pd.DataFrame(rng.normal(size=(len(answers), 3)), columns=classes).assign(id=answers["id"].sample(frac=1, random_state=0).to_numpy())
        for softmax in (True, False):
            ours = ours_utils.one_hot_dfs_to_log_loss_inputs(submission, ours_hot, apply_softmax=softmax)
            real = real_utils.one_hot_dfs_to_log_loss_inputs(submission, ours_hot, apply_softmax=softmax)
            np.testing.assert_array_equal(ours["y_true"], real["y_true"])
            np.testing.assert_array_equal(ours["y_pred"], real["y_pred"])
        with self.assertRaises(InvalidSubmissionError):
            ours_utils.one_hot_dfs_to_log_loss_inputs(submission.drop(columns=["MWS"]), ours_hot)

    def test_accuracy_and_auroc_preparation_match_the_peer(self):
        rng, _, answers = self.frames(4)
        answers = answers.assign(label=rng.integers(0, 2, len(answers)))
        submission = answers.sample(frac=1, random_state=1).assign(label=rng.uniform(size=len(answers)))
        for ours, real in [
            (ours_utils.prepare_for_accuracy_metric(submission, answers, "label", "id"), real_utils.prepare_for_accuracy_metric(submission, answers, "label", "id")),
            (ours_utils.prepare_for_auroc_metric(submission, answers, "id", "label"), real_utils.prepare_for_auroc_metric(submission, answers, "id", "label")),
        ]:
            self.assertEqual(sorted(ours), sorted(real))
            for key in ours:
                np.testing.assert_array_equal(ours[key], real[key])
        with self.assertRaises(InvalidSubmissionError):
            ours_utils.prepare_for_auroc_metric(submission.assign(label=submission["label"] + 1), answers, "id", "label")
        with self.assertRaises(InvalidSubmissionError):
            ours_utils.prepare_for_accuracy_metric(submission.head(3), answers, "label", "id")

    def test_run_length_coding_matches_the_peer(self):
        rng = np.random.default_rng(5)
        for _ in range(30):
            mask = rng.uniform(size=(9, 11)) < 0.3
            runs = ours_utils.rle_encode(mask)
            self.assertEqual(runs, real_utils.rle_encode(mask))
            text = " ".join(map(str, runs))
            np.testing.assert_array_equal(ours_utils.rle_decode(text, 9, 11), real_utils.rle_decode(text, 9, 11))
            np.testing.assert_array_equal(ours_utils.rle_decode(text, 9, 11), mask)
        with self.assertRaises(AssertionError):
            ours_utils.rle_decode("1 3 2 2", 4, 4)


class BackportsTest(unittest.TestCase):
    def test_rmse_and_rmsle_are_square_roots_of_debian_sklearn_errors(self):
        rng = np.random.default_rng(6)
        y, p = rng.uniform(0, 5, 50), rng.uniform(0, 5, 50)
        self.assertEqual(sklearn_backports.root_mean_squared_error(y, p), float(np.sqrt(sklearn.metrics.mean_squared_error(y, p))))
        self.assertEqual(sklearn_backports.root_mean_squared_log_error(y, p), float(np.sqrt(sklearn.metrics.mean_squared_log_error(y, p))))
        two = np.column_stack([y, p])
        np.testing.assert_allclose(sklearn_backports.root_mean_squared_error(two, two[::-1], multioutput="raw_values"), np.sqrt(((two - two[::-1]) ** 2).mean(axis=0)), rtol=1e-15)
        with self.assertRaises(ValueError):
            sklearn_backports.root_mean_squared_log_error([-2.0], [1.0])

    def test_install_adds_only_missing_functions(self):
        had = getattr(sklearn.metrics, "root_mean_squared_error", None)
        try:
            sklearn.metrics.root_mean_squared_error = sentinel = object()
            sklearn_backports.install()
            self.assertIs(sklearn.metrics.root_mean_squared_error, sentinel)
            del sklearn.metrics.root_mean_squared_error
            sklearn_backports.install()
            self.assertIs(sklearn.metrics.root_mean_squared_error, sklearn_backports.root_mean_squared_error)
        finally:
            if had is not None:
                sklearn.metrics.root_mean_squared_error = had


if __name__ == "__main__":
    unittest.main()
