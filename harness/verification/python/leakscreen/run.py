"""One request in, one verdict per check out. Data problems (missing or unreadable files, a check that
fails on odd data) become failed checks with the reason; nothing here raises for them."""
import os
import traceback
import warnings

from .data import Data
from .registry import CHECKS, WITHOUT_TARGET
from .report import clean, col, result


def failed_all(message, **details):
    return [{"id": c, **result(False, message, **details)} for c in CHECKS]


def run(req):
    warnings.filterwarnings("ignore")
    missing = [req[k] for k in ("train", "test", "answers") if not os.path.isfile(req[k])]
    if missing:
        return {"checks": failed_all(f"cannot check: {', '.join(missing)} missing (prepare the task first)", missing=missing)}
    try:
        d = Data(req)
    except Exception as e:  # unreadable CSV: the task's data is broken
        return {"checks": clean(failed_all(f"cannot read the task's data: {type(e).__name__}: {e}"))}
    missing_targets = [t for t in d.targets if t not in d.train.columns]
    out = []
    for c, check in CHECKS.items():
        try:
            r = check(d)
            if missing_targets and c not in WITHOUT_TARGET and r["ok"]:
                r["message"] += f" (train.csv lacks target column(s) {', '.join(col(t) for t in missing_targets)})"
        except Exception as e:
            last = traceback.format_exc().strip().splitlines()[-3:]
            r = result(False, f"check failed on this data: {type(e).__name__}: {e}", traceback=last)
        out.append({"id": c, **r})
    return {"checks": clean(out)}
