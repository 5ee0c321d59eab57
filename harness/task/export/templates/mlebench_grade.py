

from mlebench.grade_helpers import InvalidSubmissionError  # noqa: E402  (MLE-bench's own exception)


def grade(submission, answers):
    try:
        return arena_score(submission, answers)
    except SubmissionError as exc:
        raise InvalidSubmissionError(str(exc)) from exc
