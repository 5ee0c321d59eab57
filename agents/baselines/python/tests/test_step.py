import os
import tempfile
import unittest

import numpy as np
import pandas as pd

from arena_solvers import predictions
from tests.helpers import run_step, workspace, write_task


class Step(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="arena-step-")
        root = cls.dir.name
        cls.binary = write_task(os.path.join(root, "binary"))
        cls.multiclass = write_task(os.path.join(root, "multiclass"), objective="multiclass")
        cls.labels = write_task(os.path.join(root, "labels"), objective="multiclass", submission="label")
        cls.regression = write_task(os.path.join(root, "regression"), objective="regression")
        cls.test_ids = pd.read_csv(os.path.join(cls.binary["data_dir"], "test.csv"), dtype={"id": str})["id"].tolist()

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_probabilities_for_every_class_and_test_id(self):
        with workspace():
            printed, result, sub = run_step(self.multiclass, model="forest")
        self.assertEqual(list(sub.columns), ["id", "maybe", "no", "yes"])
        self.assertEqual(sub["id"].tolist(), self.test_ids)
        np.testing.assert_allclose(sub[["maybe", "no", "yes"]].sum(axis=1), 1.0, rtol=1e-6)
        # log loss: floored at 1e-3 (then renormalised), never a hard zero
        self.assertGreater(sub[["maybe", "no", "yes"]].min().min(), 9e-4)
        self.assertEqual(result["wrote"], "predictions")
        self.assertEqual(result["kinds"], {"numeric": 2, "category": 1, "date": 1, "text": 1, "drop": 2})
        self.assertEqual(result["rows"], 240)
        self.assertIsInstance(result["holdout"], float)
        self.assertIn("forest: wrote submission.csv (80 rows)", printed)

    def test_labels_binary_scores_and_values(self):
        with workspace():
            _, _, labels = run_step(self.labels, model="tree", skills=["numeric", "category"])
            _, _, scores = run_step(self.binary, model="gbm")
            _, _, values = run_step(self.regression, model="linear")
        self.assertTrue(set(labels["target"]) <= {"maybe", "no", "yes"})
        self.assertTrue(((scores["target"] >= 0) & (scores["target"] <= 1)).all())
        self.assertTrue(np.isfinite(values["target"]).all())

    def test_skills_change_what_is_learned(self):
        """The label depends on the colour and weekday too: numbers alone learn less."""
        with workspace():
            _, numeric, _ = run_step(self.binary, model="linear", skills=["numeric"])
            _, everything, _ = run_step(self.binary, model="linear")
        self.assertGreater(everything["holdout"], numeric["holdout"] + 0.02)

    def test_the_result_names_the_column_a_one_input_model_uses(self):
        """x carries most of the label, so one input is x; models of every column name none."""
        with workspace():
            printed, one, _ = run_step(self.binary, model="one_input", skills=["numeric", "category", "date"])
            _, linear, _ = run_step(self.binary, model="linear")
        self.assertEqual(one["input"], "x")
        self.assertIn("one input: `x`", printed)
        self.assertIsNone(linear["input"])

    def test_trivial_predicts_the_priors(self):
        with workspace():
            printed, result, sub = run_step(self.multiclass, model="trivial")
        train = pd.read_csv(os.path.join(self.multiclass["data_dir"], "train.csv"))
        prior = train["target"].value_counts(normalize=True)
        np.testing.assert_allclose(sub.iloc[0][["maybe", "no", "yes"]].astype(float), prior[["maybe", "no", "yes"]], rtol=1e-6)
        self.assertIn("trivial: class priors from 240 training rows", printed)
        self.assertIsNone(result["holdout"])

    def test_naive_bayes_cannot_regress_and_says_so(self):
        with workspace():
            printed, _, sub = run_step(self.regression, model="naive_bayes")
        train = pd.read_csv(os.path.join(self.regression["data_dir"], "train.csv"))
        np.testing.assert_allclose(sub["target"], train["target"].mean())
        self.assertIn("naive_bayes: cannot regress, predicting the training mean", printed)

    def test_an_ensemble_is_the_mean_of_the_kept_predictions(self):
        with workspace():
            run_step(self.multiclass, model="linear", tag="a")
            run_step(self.multiclass, model="knn", tag="b")
            kept = [np.load(os.path.join(predictions.DIRECTORY, f"{t}.npy")) for t in ("a", "b")]
            printed, result, sub = run_step(self.multiclass, model="ensemble", members=["a", "b"], tag="c")
            with self.assertRaisesRegex(FileNotFoundError, r"no predictions kept for zz \(kept: a, b, c\)"):
                run_step(self.multiclass, model="ensemble", members=["a", "zz"])
        mean = (kept[0] + kept[1]) / 2
        expected = np.clip(mean, 1e-3, 1.0)
        expected /= expected.sum(axis=1, keepdims=True)
        np.testing.assert_allclose(sub[["maybe", "no", "yes"]].to_numpy(), expected, rtol=1e-6)
        self.assertEqual((result["members"], result["rows"]), (["a", "b"], 0))
        self.assertIn("ensemble: the mean of a, b", printed)

    def test_an_ensemble_refuses_predictions_of_another_shape(self):
        with workspace():
            run_step(self.multiclass, model="linear", tag="three")
            run_step(self.binary, model="linear", tag="two")
            with self.assertRaisesRegex(ValueError, "predictions of two do not have the shape"):
                run_step(self.multiclass, model="ensemble", members=["three", "two"])

    def test_formats_it_cannot_model_get_the_sample_submission(self):
        ranking = {**self.binary, "columns": [{"name": "id", "type": "id"}, {"name": "target", "type": "ranking"}]}
        with workspace():
            printed, result, sub = run_step(ranking, model="gbm")
        self.assertEqual(result["wrote"], "sample")
        self.assertEqual(sub["id"].tolist(), self.test_ids)
        self.assertIn("are not modelled: wrote the sample submission", printed)

    def test_the_same_seed_writes_the_same_file(self):
        files = []
        for _ in range(2):
            with workspace():
                run_step(self.binary, model="mlp", seed=3)
                files.append(open("submission.csv").read())
        self.assertEqual(files[0], files[1])


if __name__ == "__main__":
    unittest.main()
