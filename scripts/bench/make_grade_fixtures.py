"""Writes the grading benchmark's four 1,000,000-row tasks (answers + a submission each)."""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

N = 1_000_000


def task_json(task_id, metric, higher, objective, classes, columns):
    return {
        "id": task_id,
        "title": f"Benchmark {metric}",
        "dataset": {"name": "synthetic", "source": "scripts/bench", "license": "CC0", "sha256": {}},
        "modality": "tabular",
        "objective": objective,
        "domain": "benchmark",
        "metric": {"name": metric, "higherIsBetter": higher, "params": {"positiveClass": "1"} if metric == "roc_auc" else {}},
        "idColumn": "id",
        "targetColumns": ["target"],
        **({"classes": classes} if classes else {}),
        "submission": {"columns": [{"name": "id", "type": "id"}] + columns},
        "split": {"seed": 0, "rows": {"train": 0, "test": N}, "publicLeaderboardFraction": 0.3},
        "provenance": {"createdAt": "2026-01-01T00:00:00Z", "roles": {}},
    }


def write(root, task_id, manifest, answers, submission):
    d = root / task_id
    (d / "data" / "private").mkdir(parents=True, exist_ok=True)
    (d / "task.json").write_text(json.dumps(manifest, indent=2))
    answers.to_csv(d / "data" / "private" / "answers.csv", index=False)
    submission.to_csv(d / "submission.csv", index=False)


def main(root):
    root = Path(root)
    rng = np.random.default_rng(0)
    ids = np.arange(N)
    board = np.where(rng.random(N) < 0.3, "public", "private")

    y = rng.integers(0, 2, N)
    score = np.clip(y * 0.3 + rng.random(N), 0, 1).round(6)
    write(root, "bench-auc", task_json("bench-auc", "roc_auc", True, "binary", ["0", "1"], [{"name": "target", "type": "probability"}]),
          pd.DataFrame({"id": ids, "target": y, "leaderboard": board}), pd.DataFrame({"id": ids, "target": score}))

    classes = [f"c{i}" for i in range(10)]
    y = rng.integers(0, 10, N)
    p = rng.random((N, 10))
    p[np.arange(N), y] += 1.0
    p /= p.sum(axis=1, keepdims=True)
    sub = pd.DataFrame(p, columns=classes)
    sub.insert(0, "id", ids)
    write(root, "bench-logloss", task_json("bench-logloss", "log_loss", False, "multiclass", classes, [{"name": c, "type": "probability"} for c in classes]),
          pd.DataFrame({"id": ids, "target": np.array(classes)[y], "leaderboard": board}), sub)

    y = rng.normal(50, 10, N)
    write(root, "bench-rmse", task_json("bench-rmse", "rmse", False, "regression", None, [{"name": "target", "type": "number"}]),
          pd.DataFrame({"id": ids, "target": y, "leaderboard": board}), pd.DataFrame({"id": ids, "target": y + rng.normal(0, 3, N)}))

    # Zero-inflated counts (about half zeros) against strictly positive rate predictions.
    rate = rng.gamma(1.0, 2.0, N)
    y = np.where(rng.random(N) < 0.3, 0, rng.poisson(rate))
    write(root, "bench-poisson", task_json("bench-poisson", "poisson_deviance", False, "regression", None, [{"name": "target", "type": "number"}]),
          pd.DataFrame({"id": ids, "target": y, "leaderboard": board}), pd.DataFrame({"id": ids, "target": (0.7 * rate + 0.05).round(6)}))


if __name__ == "__main__":
    main(sys.argv[1])
