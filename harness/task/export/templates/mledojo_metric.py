

from mledojo.metrics.base import CompetitionMetrics, InvalidSubmissionError  # noqa: E402  (MLE-Dojo's own base)


class ArenaTaskMetrics(CompetitionMetrics):
    def __init__(self, value: str = SPEC["target"], higher_is_better: bool = __HIGHER_IS_BETTER__):
        super().__init__(higher_is_better)
        self.value = value

    def evaluate(self, y_true, y_pred):
        return arena_score(y_pred, y_true)

    def validate_submission(self, submission, ground_truth):
        try:
            check_submission(submission, ground_truth)
        except SubmissionError as exc:
            raise InvalidSubmissionError(str(exc)) from exc
        return "Submission is valid."
