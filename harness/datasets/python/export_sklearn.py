"""Writes one of scikit-learn's bundled datasets (no download) in canonical form: export_sklearn.py NAME OUT_DIR."""
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


def export_digits(out_dir):
    bunch = datasets.load_digits()
    images = image_dir(out_dir)
    rows = []
    for index, (image, label) in enumerate(zip(bunch.images, bunch.target)):
        name = f"{index:05d}.png"
        # Values are 0..16; x16 spreads them over the 8-bit range (16*16 = 256 clips to 255).
        save_gray_png(np.clip(image * 16, 0, 255), os.path.join(images, name))
        rows.append((f"images/{name}", int(label)))
    pd.DataFrame(rows, columns=["image", "label"]).to_csv(os.path.join(out_dir, "labels.csv"), index=False, lineterminator="\n")


def main(name, out_dir):
    data_csv = os.path.join(out_dir, "data.csv")
    if name == "wine":
        write_csv(labelled_frame(datasets.load_wine(), "cultivar"), data_csv)
    elif name == "breast-cancer":
        write_csv(labelled_frame(datasets.load_breast_cancer(), "diagnosis"), data_csv)
    elif name == "diabetes":
        bunch = datasets.load_diabetes(scaled=False)
        frame = pd.DataFrame(bunch.data, columns=list(bunch.feature_names))
        frame["progression"] = bunch.target
        write_csv(frame, data_csv)
    elif name == "digits":
        export_digits(out_dir)
    else:
        sys.exit(f"unknown sklearn dataset: {name}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
