"""metric.py of a task imported from MLE-Dojo: runs its original metric class (source_metric.py).

MLE-Dojo is not installed here, so the two names its metric scripts import from
mledojo.metrics.base are provided before the script is loaded.
"""
import importlib.util
import sys
import types
from pathlib import Path


class InvalidSubmissionError(Exception):
    pass


class CompetitionMetrics:
    def __init__(self, higher_is_better: bool = True):
        self.higher_is_better = higher_is_better


def _load_metric_class():
    base = types.ModuleType("mledojo.metrics.base")
    base.CompetitionMetrics = CompetitionMetrics
    base.InvalidSubmissionError = InvalidSubmissionError
    for name in ("mledojo", "mledojo.metrics"):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["mledojo.metrics.base"] = base
    path = Path(__file__).with_name("source_metric.py")
    spec = importlib.util.spec_from_file_location("source_metric", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, CompetitionMetrics) and v is not CompetitionMetrics]
    if len(classes) != 1:
        raise RuntimeError(f"{path}: expected one CompetitionMetrics subclass, found {len(classes)}")
    return classes[0]


def score(submission, answers):
    return _load_metric_class()().evaluate(answers.copy(), submission.copy())
