"""mledojo.metrics.base: the base class of a competition's metric and its submission error."""


class CompetitionMetrics:
    def __init__(self, higher_is_better: bool = True):
        self.higher_is_better = higher_is_better

    def evaluate(self, y_true, y_pred):
        raise NotImplementedError

    def validate_submission(self, submission, ground_truth):
        raise NotImplementedError


class InvalidSubmissionError(Exception):
    """The submission cannot be graded."""
