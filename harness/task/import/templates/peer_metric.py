"""metric.py of a task imported from a peer: score(submission, answers) with the peer's own code.

`arena grade` grades this task through harness/grading/peer (the peer's answers file, its
rounding, the full test set); this module serves the task format's metric.py contract for any
other caller, scoring the rows it is given with the grader kept in peer/. It runs where the
grading scripts are mounted (/grading in the grading sandbox), as every metric.py does.
"""
import sys
from pathlib import Path

ORIGIN = "__ORIGIN__"
sys.path.insert(0, "/grading")


def score(submission, answers):
    import peer_grade

    _, _, peer_score, _ = peer_grade.SCORERS[ORIGIN](str(Path(__file__).with_name("peer")))
    return peer_score(submission, answers)
