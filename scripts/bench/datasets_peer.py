"""The peer of the dataset benchmark: an R data frame of an unpacked package converted to CSV with
python3-rdata's own parser and converter and pandas, no R and none of the arena's reader.

  datasets_peer.py convert PACKAGE_DIR OBJECT OUT_CSV   one data frame, as a user would write it
  datasets_peer.py compare ARENA_CSV PEER_CSV          how many cells of the two conversions differ (JSON)

A package keeps its data either in a lazy-load database (data/Rdata.rdx + .rdb: a gzipped index of
(offset, length) entries, each a 4-byte length and a compressed serialization) or in data/*.rda.
rdata 0.5 parses only `RDX2`/`RDX3` files, so a database entry gets that header put in front.
"""
import bz2
import glob
import gzip
import json
import lzma
import os
import struct
import sys
import warnings
import zlib

import numpy as np
import pandas as pd
import rdata

# rdata warns on every string of old files ("Unknown encoding. Assumed ASCII.").
warnings.filterwarnings("ignore")

_LZMA2 = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
_METHODS = {b"1": zlib.decompress, b"2": bz2.decompress, b"0": bytes, b"Z": lambda b: lzma.decompress(b, format=lzma.FORMAT_RAW, filters=_LZMA2)}


def _parse(serialized):
    return rdata.conversion.convert(rdata.parser.parse_data(b"RDX2\n" + serialized))


def _from_database(base, obj):
    with open(base + ".rdx", "rb") as f:
        index = _parse(gzip.decompress(f.read()))
    offset, length = (int(v) for v in index["variables"][obj])
    with open(base + ".rdb", "rb") as f:
        f.seek(offset)
        block = f.read(length)
    body = block[4:]
    if int(index["compressed"][0]) == 1:
        return _parse(zlib.decompress(body))
    return _parse(_METHODS[body[:1]](body[1:]))


def _from_rda(data_dir, obj):
    named = os.path.join(data_dir, obj + ".rda")
    for path in [named] + sorted(set(glob.glob(os.path.join(data_dir, "*.rda"))) - {named}):
        if os.path.exists(path):
            objects = rdata.conversion.convert(rdata.parser.parse_file(path))
            if obj in objects:
                return objects[obj]
    raise KeyError(f"{data_dir}: no .rda file holds {obj}")


def convert(package_dir, obj, out_csv):
    base = os.path.join(package_dir, "data", "Rdata")
    frame = _from_database(base, obj) if os.path.exists(base + ".rdx") else _from_rda(os.path.join(package_dir, "data"), obj)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{obj} converted to a {type(frame).__name__}, not a data frame")
    frame.to_csv(out_csv, index=False)


def _same(a, b):
    """Cell-wise equality of two columns read from CSV: numbers by value, everything else as text."""
    na, nb = a.isna().to_numpy(), b.isna().to_numpy()
    x, y = pd.to_numeric(a, errors="coerce").to_numpy(), pd.to_numeric(b, errors="coerce").to_numpy()
    numeric = ~np.isnan(x) & ~np.isnan(y)
    text = a.astype(str).to_numpy() == b.astype(str).to_numpy()
    return (na & nb) | (numeric & (x == y)) | (~numeric & ~na & ~nb & text)


def compare(arena_csv, peer_csv):
    """Rows, shared columns and differing cells; the arena adds a `rowname` column the peer drops."""
    arena = pd.read_csv(arena_csv, dtype=str, keep_default_na=False, na_values=[""])
    peer = pd.read_csv(peer_csv, dtype=str, keep_default_na=False, na_values=[""])
    shared = [c for c in peer.columns if c in arena.columns]
    differing = 0
    if len(arena) == len(peer):
        differing = int(sum((~_same(arena[c], peer[c])).sum() for c in shared))
    return {
        "rows": [len(arena), len(peer)],
        "sharedColumns": len(shared),
        "onlyArena": [c for c in arena.columns if c not in shared],
        "onlyPeer": [c for c in peer.columns if c not in shared],
        "differingCells": differing,
    }


def main(argv):
    if len(argv) == 4 and argv[0] == "convert":
        convert(*argv[1:])
    elif len(argv) == 3 and argv[0] == "compare":
        print(json.dumps(compare(*argv[1:])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
