import unittest

from arena_solvers.config import SKILLS, parse_config

FACTS = {"idColumn": "id", "targetColumns": ["y"], "columns": [{"name": "id", "type": "id"}, {"name": "y", "type": "number"}]}


class ParseConfig(unittest.TestCase):
    def test_defaults_are_the_legacy_baselines(self):
        config = parse_config({**FACTS, "model": "gbm"})
        self.assertEqual(config.skills, frozenset(SKILLS))
        self.assertEqual((config.seed, config.threads, config.time_limit, config.data_dir), (0, 1, 300.0, "/data"))
        self.assertEqual((config.params, config.tag, config.members), ({}, None, ()))
        self.assertEqual([c["name"] for c in config.value_columns], ["y"])
        self.assertEqual((config.metric_domain, config.metric_params, config.lags), (None, {}, ()))

    def test_wrong_recipes_name_the_field(self):
        cases = [
            ({"model": "svm"}, "model 'svm' is not one of trivial"),
            ({"model": "knn", "skills": ["numeric", "audio"]}, "skills ['audio']"),
            ({"model": "knn", "params": {"k": "ten"}}, "params.k must be a number"),
            ({"model": "knn", "params": {"k": True}}, "params.k must be a number"),
            ({"model": "knn", "tag": "../escape"}, "tag '../escape'"),
            ({"model": "ensemble", "members": ["s1"]}, "at least two member tags"),
            ({"model": "knn", "metricDomain": {"truth": "real", "prediction": "whole"}}, "metricDomain.prediction 'whole' is not one of real"),
            ({"model": "knn", "metricDomain": {"truth": "real"}}, "metricDomain must be null or {truth, prediction}"),
            ({"model": "trivial", "lags": [{"column": "y_lag_12", "steps": 0}]}, "lags must be {column, steps} with a positive whole number"),
            ({"model": "trivial", "lags": [{"column": "y_lag_12", "steps": 12.5}]}, "lags must be {column, steps}"),
        ]
        for recipe, message in cases:
            with self.subTest(recipe=recipe), self.assertRaisesRegex(ValueError, message.replace("[", r"\[").replace("(", r"\(")):
                parse_config({**FACTS, **recipe})


if __name__ == "__main__":
    unittest.main()
