

from mlebench.grade_helpers import InvalidSubmissionError  # noqa: E402  (MLE-bench's own exception)

# The metric's direction. MLE-bench reads it from leaderboard.csv, which a task without human
# scores does not ship; `arena tasks import` reads it here.
higher_is_better = __HIGHER_IS_BETTER__


def grade(submission, answers):
    try:
        return arena_score(submission, answers)
    except SubmissionError as exc:
        raise InvalidSubmissionError(str(exc)) from exc
