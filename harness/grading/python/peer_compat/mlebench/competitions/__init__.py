"""Compatibility package: mlebench.competitions (its shared utils; sibling modules load beside grade.py)."""
