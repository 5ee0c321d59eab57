"""Our mlebench compatibility modules (harness/grading/python/peer_compat) against reference
computations written here, independently of them and of the peers' code: the behaviour MLE-bench's
graders rely on, checked on random inputs.

Run from vitest (peer-compat.test.ts): python3 -m unittest discover -s tests/task/import-peers -p 'test_*.py'.
"""
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


def reference_ap_at_k(actual, predicted, k):
    """Precision at each rank (within the first k) holding the first appearance of a relevant item,
    summed over min(|actual|, k); 0 when nothing is relevant."""
    top = list(predicted)[:k]
    firsts = [r for r, item in enumerate(top) if item in actual and top.index(item) == r]
    return sum((n + 1) / (r + 1) for n, r in enumerate(firsts)) / min(len(actual), k) if actual else 0.0


def reference_runs(mask):
    """1-indexed [start, length, ...] of the True pixels read column by column."""
    flat = [bool(v) for column in np.asarray(mask).T for v in column]
    runs, i = [], 0
    while i < len(flat):
        if flat[i]:
            j = i
            while j < len(flat) and flat[j]:
                j += 1
            runs += [i + 1, j - i]
            i = j
        else:
            i += 1
    return runs


class MetricsTest(unittest.TestCase):
    def test_average_precision_at_k(self):
        rng = np.random.default_rng(1)
        items = [f"{i:010d}" for i in range(30)]
        for _ in range(300):
            actual = set(rng.choice(items, rng.integers(0, 8), replace=False))
            predicted = list(rng.choice(items, rng.integers(0, 20)))  # duplicates included
            k = int(rng.integers(1, 15))
            self.assertAlmostEqual(ours_metrics.average_precision_at_k(actual, predicted, k), reference_ap_at_k(actual, predicted, k), places=12)

    def test_mean_average_precision_by_hand(self):
        # (1/1 + 2/3) / 2 for the first, nothing for the second, 0 for no relevant items: mean 5/18.
        actual = [{"a", "b"}, {"c"}, set()]
        predicted = [["b", "x", "a"], ["x", "y"], ["a"]]
        self.assertAlmostEqual(ours_metrics.mean_average_precision_at_k(actual, predicted, 12), 5 / 18, places=15)

    def test_dice(self):
        rng = np.random.default_rng(2)
        for _ in range(50):
            a, b = rng.integers(0, 2, (6, 7)), rng.integers(0, 2, (6, 7))
            both, total = np.logical_and(a, b).sum(), a.sum() + b.sum()
            self.assertAlmostEqual(ours_metrics.dice_coefficient(a, b), 2 * both / total, places=15)
        empty = np.zeros((3, 3))
        self.assertTrue(np.isnan(ours_metrics.dice_coefficient(empty, empty)))
        self.assertEqual(ours_metrics.dice_coefficient(empty, empty, both_empty_value=1.0), 1.0)


class CompetitionUtilsTest(unittest.TestCase):
    def frames(self, seed=3, n=40):
        rng = np.random.default_rng(seed)
        classes = ["EAP", "HPL", "MWS"]
        answers = pd.DataFrame({"id": [f"id{i:05d}" for i in rng.permutation(n)], "author": rng.choice(classes, n)})
        return rng, classes, answers

    def test_one_hot_and_log_loss_inputs(self):
        rng, classes, answers = self.frames()
        hot = ours_utils.df_to_one_hot(answers, "id", "author", classes)
        self.assertEqual(list(hot.columns), ["id", *classes])
        self.assertEqual(list(hot["id"]), list(answers["id"]))
        np.testing.assert_array_equal(hot[classes].to_numpy(), np.array([[int(a == c) for c in classes] for a in answers["author"]]))
        submission = pd.DataFrame(rng.normal(size=(len(answers), 3)), columns=classes).assign(id=answers["id"].sample(frac=1, random_state=0).to_numpy())
        order_sub, order_ans = np.argsort(submission["id"].to_numpy()), np.argsort(hot["id"].to_numpy())
        raw = submission[classes].to_numpy()[order_sub]
        for softmax in (True, False):
            got = ours_utils.one_hot_dfs_to_log_loss_inputs(submission, hot, apply_softmax=softmax)
            np.testing.assert_array_equal(got["y_true"], hot[classes].to_numpy()[order_ans])
            expected = np.exp(raw) / np.exp(raw).sum(axis=1, keepdims=True) if softmax else raw
            np.testing.assert_allclose(got["y_pred"], expected, rtol=1e-12)
        with self.assertRaises(InvalidSubmissionError):
            ours_utils.one_hot_dfs_to_log_loss_inputs(submission.drop(columns=["MWS"]), hot)

    def test_accuracy_and_auroc_preparation(self):
        rng, _, answers = self.frames(4)
        answers = answers.assign(label=rng.integers(0, 2, len(answers)))
        submission = answers.sample(frac=1, random_state=1).assign(label=rng.uniform(size=len(answers)))
        truth = answers.sort_values("id")["label"].to_numpy()
        guess = submission.sort_values("id")["label"].to_numpy()
        accuracy = ours_utils.prepare_for_accuracy_metric(submission, answers, "label", "id")
        auroc = ours_utils.prepare_for_auroc_metric(submission, answers, "id", "label")
        self.assertEqual(sorted(accuracy), ["y_pred", "y_true"])
        self.assertEqual(sorted(auroc), ["y_score", "y_true"])
        for got, want in [(accuracy["y_true"], truth), (accuracy["y_pred"], guess), (auroc["y_true"], truth), (auroc["y_score"], guess)]:
            np.testing.assert_array_equal(got, want)
        with self.assertRaises(InvalidSubmissionError):
            ours_utils.prepare_for_auroc_metric(submission.assign(label=submission["label"] + 1), answers, "id", "label")
        with self.assertRaises(InvalidSubmissionError):
            ours_utils.prepare_for_accuracy_metric(submission.head(3), answers, "label", "id")

    def test_run_length_coding(self):
        rng = np.random.default_rng(5)
        for _ in range(30):
            mask = rng.uniform(size=(9, 11)) < 0.3
            runs = ours_utils.rle_encode(mask)
            self.assertEqual([int(v) for v in runs], reference_runs(mask))
            np.testing.assert_array_equal(ours_utils.rle_decode(" ".join(map(str, runs)), 9, 11), mask)
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
