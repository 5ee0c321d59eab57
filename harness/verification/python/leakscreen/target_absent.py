"""target-absent-from-test: test.csv must not carry a target column, under any spelling."""
from .report import col, result

def check_target_absent(d):
    header = list(d.test.columns)
    exact = [t for t in d.targets if t in header]
    loose = [(t, c) for t in d.targets for c in header if c != t and c.strip().lower() == t.strip().lower()]
    if exact or loose:
        parts = [f"test.csv has the target column {col(t)}" for t in exact]
        parts += [f"test.csv column {col(c)} is the target {col(t)} under another spelling" for t, c in loose]
        columns = exact + [c for _, c in loose]
        return result(False, "; ".join(parts), drop=columns, columns=columns)
    return result(True, f"test.csv has none of the target columns {', '.join(col(t) for t in d.targets)}")
