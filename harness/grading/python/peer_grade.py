"""Grades a submission with an imported competition's own code, as its peer harness does.

Usage: peer_grade.py SPEC.json, where SPEC has
  origin      "mle-bench" (grade(submission, answers), rounded to 5 places as MLE-bench's Grader
              does) or "mle-dojo" (the CompetitionMetrics subclass: validate_submission, then
              evaluate(ground_truth, submission) on the same frames, unrounded)
  competition the folder holding grade.py (and its sibling modules) or utils/metric.py
  answers     the peer's answers file, byte for byte as its prepare.py wrote it
  boards      answers.csv of the task (or of the importer's check): column `leaderboard` says
              which rows are public
  idColumn    the id column shared by the three files
  submissions the submission CSVs, scored one after the other by the code loaded once
Prints a list with one record per submission: {"rows": {"public": n, "private": m}, "full": x,
"public": x, "private": x, "invalid": null} (a score is null for a board with no rows), or
{"rows": ..., "invalid": "<why>"} when the peer's code refuses the submission or fails on it (or
cannot load at all: then every record says so).
"""
import importlib.util
import inspect
import json
import math
import sys
import types
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "peer_compat"))

import sklearn_backports  # noqa: E402  (after the compat path is set)

sklearn_backports.install()


def load_package_module(package, folder, module, file):
    """Loads folder/file as `package.module`, with `package` spanning folder so relative imports resolve."""
    pkg = types.ModuleType(package)
    pkg.__path__ = [str(folder)]
    sys.modules[package] = pkg
    spec = importlib.util.spec_from_file_location(f"{package}.{module}", folder / file)
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = loaded
    spec.loader.exec_module(loaded)
    return loaded


def mlebench_scorer(competition):
    import mlebench.competitions  # noqa: F401  (the parent of the competition's package)
    from mlebench.utils import load_answers, read_csv

    grade = load_package_module("mlebench.competitions._imported", Path(competition), "grade", "grade.py").grade

    def score(submission, answers):
        return grade(submission, answers)

    return read_csv, load_answers, score, 5


def mledojo_scorer(competition):
    from mledojo.metrics.base import CompetitionMetrics

    module = load_package_module("mledojo._imported", Path(competition) / "utils", "metric", "metric.py")
    found = [obj for name, obj in inspect.getmembers(module, inspect.isclass) if name != "CompetitionMetrics" and issubclass(obj, CompetitionMetrics)]
    if not found:
        raise RuntimeError(f"{competition}/utils/metric.py: no CompetitionMetrics subclass")
    metric_class = found[0]

    def score(submission, answers):
        metric = metric_class()
        metric.validate_submission(submission, answers)
        return metric.evaluate(answers, submission)

    return pd.read_csv, pd.read_csv, score, None


SCORERS = {"mle-bench": mlebench_scorer, "mle-dojo": mledojo_scorer}


def id_keys(path, id_column):
    """The id of every row as the file spells it, so rows match across files whatever dtype pandas infers."""
    return pd.read_csv(path, dtype={id_column: str}, keep_default_na=False, usecols=[id_column])[id_column]


def grade_one(path, scorer, answers, answer_boards, board_of, id_column):
    read_submission, _, score, digits = scorer
    result = {"invalid": None}
    try:
        submission = read_submission(path)
        submission_boards = id_keys(path, id_column).map(board_of) if id_column in submission.columns else None
        full = float(score(submission.copy(), answers.copy()))
        result["full"] = round(full, digits) if digits is not None else full
        for board in ("public", "private"):
            mask = (answer_boards == board).to_numpy()
            if not mask.any():
                result[board] = None
                continue
            picked = submission[(submission_boards == board).to_numpy()] if submission_boards is not None else submission
            result[board] = float(score(picked.reset_index(drop=True), answers[mask].reset_index(drop=True)))
    except Exception as exc:  # both peers report any failure of their code on a submission as invalid
        result = {"invalid": f"{type(exc).__name__}: {exc}"}
    for key in ("full", "public", "private"):
        if isinstance(result.get(key), float) and not math.isfinite(result[key]):
            result = {"invalid": f"the metric returned {result[key]} ({key} rows)"}
            break
    return result


def main(spec_path):
    spec = json.loads(Path(spec_path).read_text())
    paths = spec["submissions"]
    try:
        scorer = SCORERS[spec["origin"]](spec["competition"])
    except Exception as exc:  # the grader's code cannot load here: the importer reports it
        print(json.dumps([{"rows": {"public": 0, "private": 0}, "invalid": f"{type(exc).__name__}: {exc}"} for _ in paths]))
        return
    id_column = spec["idColumn"]
    answers = scorer[1](spec["answers"])
    boards = pd.read_csv(spec["boards"], dtype=str, keep_default_na=False)
    board_of = dict(zip(boards[id_column], boards["leaderboard"]))
    answer_boards = id_keys(spec["answers"], id_column).map(board_of)
    rows = {board: int((answer_boards == board).sum()) for board in ("public", "private")}
    print(json.dumps([{"rows": rows, **grade_one(p, scorer, answers, answer_boards, board_of, id_column)} for p in paths]))


if __name__ == "__main__":
    main(sys.argv[1])
