"""Leak screens on a prepared task's data: the data half of the verification stack's Assertions.

`python3 -m leakscreen` reads one JSON request on stdin (built by harness/verification/leakage.ts):
    {"train": ..., "test": ..., "answers": ..., "publicDir": ..., "idColumn": ..., "targetColumns": [...],
     "objective": ..., "modality": ..., "classes": [...] | null, "options": {...}}
and prints {"checks": [{"id", "ok", "message", "drop", "details"}, ...]}, one entry per check in
registry.CHECKS order. `drop` lists the input columns whose removal fixes the finding, so the
generator can drop them and retry; `message` is the reason, naming file, column and evidence.
Only data is read: the CSV files and, for file-path columns, the files they name inside the public
directory. Nothing from the task is executed.

Every threshold comes from `options` (defaults and their reasoning live in leakage.ts).
Run with Debian's /usr/bin/python3 (numpy, pandas, scipy, scikit-learn 1.2).
"""
