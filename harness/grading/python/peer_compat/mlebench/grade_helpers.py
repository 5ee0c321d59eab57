"""mlebench.grade_helpers: the exception a grade function raises for an ungradable submission."""


class InvalidSubmissionError(Exception):
    """The submission cannot be graded (wrong columns, ids, lengths...)."""
