"""Compatibility package: the parts of MLE-bench that competition grade.py files import."""
