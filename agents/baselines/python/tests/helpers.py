"""Small tasks written to a temp dir, in the layout a sandbox sees under /data, and a step runner."""
import contextlib
import io
import json
import os
import tempfile

import numpy as np
import pandas as pd

from arena_solvers.step import RESULT_PREFIX, run

COLOURS = ["red", "green", "blue"]


def frame(n, seed=0, public=None):
    """Rows whose label depends on x, the colour and the weekday; text and images carry it too."""
    rng = np.random.RandomState(seed)
    x = rng.rand(n)
    colour = rng.choice(COLOURS, n)
    day = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.randint(0, 365, n), unit="D")
    weekend = day.dayofweek >= 5
    positive = (x + 0.45 * (colour == "red") + 0.35 * weekend) > 0.8
    words = np.where(positive, "great offer win money now", "meeting notes for the project team")
    out = pd.DataFrame({
        "id": [f"r{seed}-{i}" for i in range(n)],
        "x": x.round(4),
        "noise": rng.rand(n).round(4),
        "colour": colour,
        "day": day.strftime("%Y-%m-%d"),
        "note": [f"{w} {rng.randint(1000)}" for w in words],
        "constant": "same",
        "row_id": np.arange(1000, 1000 + n),
    })
    if public is not None:
        from PIL import Image

        # 8x8 images: the top half lit for positive rows, the bottom half otherwise.
        os.makedirs(os.path.join(public, "images"), exist_ok=True)
        paths = []
        for i, p in enumerate(positive):
            pixels = np.zeros((8, 8), dtype=np.uint8)
            pixels[slice(0, 4) if p else slice(4, 8)] = 255
            name = f"images/{seed}-{i}.png"
            Image.fromarray(pixels).save(os.path.join(public, name))
            paths.append(name)
        out["picture"] = paths
    return out, positive


def write_task(root, objective="binary", submission="probability", n_train=240, n_test=80, images=False):
    """A public dir (train.csv, test.csv, sample_submission.csv) and the CONFIG facts for it."""
    public = os.path.join(root, "public")
    os.makedirs(public, exist_ok=True)
    train, y_train = frame(n_train, 1, public if images else None)
    test, _ = frame(n_test, 2, public if images else None)
    if objective == "regression":
        train["target"] = (train["x"] * 10 + (train["colour"] == "red") * 3).round(3)
        classes, columns = [], [{"name": "id", "type": "id"}, {"name": "target", "type": "number"}]
    elif objective == "multiclass":
        train["target"] = np.where(y_train, "yes", np.where(train["x"] < 0.3, "no", "maybe"))
        classes = ["maybe", "no", "yes"]
        columns = [{"name": "id", "type": "id"}] + (
            [{"name": c, "type": "probability"} for c in classes] if submission == "probability" else [{"name": "target", "type": "label"}])
    else:
        train["target"] = np.where(y_train, "1", "0")
        classes = ["0", "1"]
        columns = [{"name": "id", "type": "id"}, {"name": "target", "type": submission}]
    train.to_csv(os.path.join(public, "train.csv"), index=False)
    test.to_csv(os.path.join(public, "test.csv"), index=False)
    sample = pd.DataFrame({"id": test["id"]})
    for c in columns[1:]:
        sample[c["name"]] = "0" if c["type"] != "label" else classes[0]
    sample.to_csv(os.path.join(public, "sample_submission.csv"), index=False)
    metric = {"regression": "rmse", "multiclass": "log_loss" if submission == "probability" else "accuracy"}.get(objective, "roc_auc")
    return {"idColumn": "id", "targetColumns": ["target"], "columns": columns, "classes": classes, "positiveClass": None,
            "objective": objective, "modality": "tabular", "metric": metric, "threads": 1, "timeLimitSec": 60, "data_dir": public, "seed": 0}


@contextlib.contextmanager
def workspace():
    """A fresh current directory, as a sandbox's /workspace is."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="arena-solvers-ws-") as ws:
        os.chdir(ws)
        try:
            yield ws
        finally:
            os.chdir(before)


def run_step(facts, **recipe):
    """Runs one step in the current directory: (stdout, the parsed result line, submission.csv as a frame)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        run({**facts, **recipe})
    lines = out.getvalue().splitlines()
    result = json.loads([l for l in lines if l.startswith(RESULT_PREFIX)][-1][len(RESULT_PREFIX):])
    return out.getvalue(), result, pd.read_csv("submission.csv", dtype={"id": str})
