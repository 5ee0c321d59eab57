"""metric.py of a task imported from MLE-bench: runs its original grade.py (source_grade.py).

MLE-bench is not installed here, so mlebench.grade_helpers.InvalidSubmissionError is provided
before the script is loaded. Scripts that need more of mlebench fail with a clear import error.
"""
import importlib.util
import sys
import types
from pathlib import Path


class InvalidSubmissionError(Exception):
    pass


def _load_grade():
    helpers = types.ModuleType("mlebench.grade_helpers")
    helpers.InvalidSubmissionError = InvalidSubmissionError
    sys.modules.setdefault("mlebench", types.ModuleType("mlebench"))
    sys.modules["mlebench.grade_helpers"] = helpers
    path = Path(__file__).with_name("source_grade.py")
    spec = importlib.util.spec_from_file_location("source_grade", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.grade


def score(submission, answers):
    return _load_grade()(submission.copy(), answers.copy())
