import unittest

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score

from arena_solvers.submission import ordinal_labels


class OrdinalLabels(unittest.TestCase):
    def setUp(self):
        # scikit-learn's diabetes progression cut into 8 ordered classes at its octiles, predicted out
        # of fold by a multinomial logit: the most probable class sits in the middle for most rows.
        from sklearn.datasets import load_diabetes
        from sklearn.model_selection import KFold, cross_val_predict
        from sklearn.preprocessing import StandardScaler

        x, progression = load_diabetes(return_X_y=True)
        self.y = np.digitize(progression, np.quantile(progression, np.linspace(0, 1, 9)[1:-1]))
        folds = KFold(5, shuffle=True, random_state=0)
        self.proba = cross_val_predict(LogisticRegression(max_iter=2000), StandardScaler().fit_transform(x), self.y, cv=folds, method="predict_proba")

    def test_the_predicted_shares_are_the_probabilities_shares(self):
        labels = ordinal_labels(self.proba)
        counts = np.bincount(labels, minlength=8)
        np.testing.assert_allclose(counts / len(labels), self.proba.mean(axis=0), atol=1.5 / len(labels))
        # Ordered by the expected class: a row of a higher class never scores below one of a lower.
        score = self.proba @ np.arange(8)
        for c in range(7):
            self.assertLessEqual(score[labels == c].max(), score[labels == c + 1].min())

    def test_beats_the_most_probable_class_under_scikit_learns_quadratic_kappa(self):
        truth = self.y
        argmax = cohen_kappa_score(truth, self.proba.argmax(axis=1), weights="quadratic")
        cut = cohen_kappa_score(truth, ordinal_labels(self.proba), weights="quadratic")
        self.assertGreater(cut, argmax + 0.02)

    def test_a_single_row_and_a_certain_prediction_get_their_class(self):
        self.assertEqual(ordinal_labels(np.array([[0.1, 0.2, 0.7]])).tolist(), [2])
        certain = np.eye(3)[[2, 0, 1, 1]]
        self.assertEqual(ordinal_labels(certain).tolist(), [2, 0, 1, 1])


if __name__ == "__main__":
    unittest.main()
