"""Writes a deterministic sample of Fashion-MNIST (train then test, 70000 images) as PNGs and labels.csv.

export_fashion_mnist.py SOURCE_DIR OUT_DIR SIZE SEED; prints {"fromRows": N} on stdout.
"""
import gzip
import json
import os
import sys

import numpy as np
import pandas as pd

from _canonical import hash_rank_sample, image_dir, save_gray_png

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_idx(path, header_bytes):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header_bytes)


def main(source_dir, out_dir, size, seed):
    images, labels = [], []
    for split in ("train", "t10k"):
        labels.append(read_idx(os.path.join(source_dir, f"{split}-labels-idx1-ubyte.gz"), 8))
        images.append(read_idx(os.path.join(source_dir, f"{split}-images-idx3-ubyte.gz"), 16).reshape(-1, 28, 28))
    all_images, all_labels = np.concatenate(images), np.concatenate(labels)
    folder = image_dir(out_dir)
    rows = []
    for out_index, source_index in enumerate(hash_rank_sample(len(all_labels), size, seed)):
        name = f"{out_index:05d}.png"
        save_gray_png(all_images[source_index], os.path.join(folder, name))
        rows.append((f"images/{name}", CLASSES[all_labels[source_index]]))
    pd.DataFrame(rows, columns=["image", "label"]).to_csv(os.path.join(out_dir, "labels.csv"), index=False, lineterminator="\n")
    print(json.dumps({"fromRows": int(len(all_labels))}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
