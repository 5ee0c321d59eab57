"""Compatibility package: the parts of MLE-Dojo that competition metric.py files import."""
