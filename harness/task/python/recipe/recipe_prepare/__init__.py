"""The one preparer of recipe tasks: executes a task.json `recipe` on a raw table.

Deterministic: every random choice comes from the recipe's seed, so the same raw files and the
same recipe give byte-identical outputs. VERSION changes whenever outputs could change.
"""
VERSION = "tabular-v1.4"
