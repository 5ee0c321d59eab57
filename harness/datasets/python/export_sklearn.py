"""Writes one of scikit-learn's bundled datasets (no download) in canonical form: export_sklearn.py LOADER TARGET_COLUMN OUT_DIR.

LOADER is the sklearn.datasets function (load_wine); its `target` becomes the column TARGET_COLUMN.

Prints the loader's own documentation as JSON for the dataset card: {loader, descr, feature_names, target_names, target_column}.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn import datasets

from _canonical import image_dir, save_gray_png, write_csv

def labelled_frame(bunch, target_column):
    frame = pd.DataFrame(bunch.data, columns=list(bunch.feature_names))
    frame[target_column] = np.asarray(bunch.target_names)[bunch.target]
    return frame


def export_digits(bunch, out_dir):
    images = image_dir(out_dir)
    rows = []
    for index, (image, label) in enumerate(zip(bunch.images, bunch.target)):
        name = f"{index:05d}.png"
        # Values are 0..16; x16 spreads them over the 8-bit range (16*16 = 256 clips to 255).
        save_gray_png(np.clip(image * 16, 0, 255), os.path.join(images, name))
        rows.append((f"images/{name}", int(label)))
    pd.DataFrame(rows, columns=["image", "label"]).to_csv(os.path.join(out_dir, "labels.csv"), index=False, lineterminator="\n")


def main(loader, target_column, out_dir):
    if not loader.startswith("load_") or not hasattr(datasets, loader):
        sys.exit(f"not a bundled scikit-learn dataset: {loader}")
    data_csv = os.path.join(out_dir, "data.csv")
    if loader == "load_diabetes":
        bunch = datasets.load_diabetes(scaled=False)
        frame = pd.DataFrame(bunch.data, columns=list(bunch.feature_names))
        frame[target_column] = bunch.target
        write_csv(frame, data_csv)
    else:
        bunch = getattr(datasets, loader)()
        if loader == "load_digits":
            export_digits(bunch, out_dir)
        else:
            write_csv(labelled_frame(bunch, target_column), data_csv)
    target_names = [str(t) for t in bunch.get("target_names", [])]
    print(json.dumps({"loader": loader, "descr": bunch.DESCR, "feature_names": [str(f) for f in bunch.feature_names], "target_names": target_names, "target_column": target_column}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
