"""Data sets a package ships as text tables (`data/bmt.txt.gz`), read the way R's `data()` reads them.

Packages that do not lazy-load their data (KMsurv, timereg) may keep it as `.tab`/`.txt` tables
(read with `read.table(file, header = TRUE, as.is = FALSE)`) or `.csv` tables (the same with
`sep = ";"`), optionally compressed. So: fields are separated by white space (or `;`), may be
quoted with `"` or `'`, `#` starts a comment, `NA` is missing; a header one field shorter than the
rows means the first field of each row is its row name; each column is converted as
`type.convert` does (logical, integer, double, else a factor with its levels in sorted order);
names are made syntactic as `make.names` does.
"""
import bz2
import gzip
import lzma
import os
import re

import numpy as np
import pandas as pd

from .frames import ColumnInfo, Table, _build, _informative

# The extensions `data()` reads as tables, with their field separator (None: white space).
TABLE_EXTENSIONS = {".tab": None, ".txt": None, ".TXT": None, ".csv": ";", ".CSV": ";"}
_OPENERS = {"": open, ".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_TRUE, _FALSE = {"T", "TRUE", "True", "true"}, {"F", "FALSE", "False", "false"}
_INT_MAX = 2**31 - 1
_DOUBLE = re.compile(r"[-+]?((\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|Inf|inf|NaN)")


class DataFileError(ValueError):
    """A text table that R could not read either (the message names the file and line)."""


def table_file(data_dir, file):
    """The text table `data()` would read for a data index entry, or None."""
    for ext in TABLE_EXTENSIONS:
        for compression in _OPENERS:
            path = os.path.join(data_dir, file + ext + compression)
            if os.path.exists(path):
                return path
    return None


def _fields(line, sep, path, number):
    """The fields of one line: quoted strings keep their spaces; `#` outside quotes ends the line."""
    fields, current, quote, quoted = [], [], None, False
    for ch in line:
        if quote:
            if ch == quote:
                quote = None
            else:
                current.append(ch)
        elif ch in "\"'":
            quote, quoted = ch, True
        elif ch == "#":
            break
        elif (sep is None and ch in " \t") or ch == sep:
            if current or quoted or sep is not None:
                fields.append(("".join(current), quoted))
            current, quoted = [], False
        else:
            current.append(ch)
    if quote:
        raise DataFileError(f"{path}:{number}: unterminated quote")
    if current or quoted or (sep is not None and fields):
        fields.append(("".join(current), quoted))
    return fields


def make_name(name):
    """R's make.names: invalid characters become `.`, and a name that cannot start one gets an `X`."""
    name = re.sub(r"[^A-Za-z0-9._]", ".", name)
    if not re.match(r"^([A-Za-z]|\.(?![0-9]))", name):
        name = "X" + name
    return name


def _convert(name, texts, quoted):
    """One column as type.convert(as.is = FALSE) reads it: (values, ColumnInfo)."""
    missing = [t is None or (t == "NA" and not q) or (t == "" and not q) for t, q in zip(texts, quoted)]
    present = [t for t, m in zip(texts, missing) if not m]
    if present and all(t in _TRUE or t in _FALSE for t in present):
        values = np.array([t in _TRUE if not m else False for t, m in zip(texts, missing)])
        return pd.arrays.BooleanArray(values, np.array(missing)), ColumnInfo(name, "logical")
    if all(re.fullmatch(r"[-+]?\d+", t) for t in present) and all(abs(int(t)) <= _INT_MAX for t in present):
        values = np.array([int(t) if not m else 0 for t, m in zip(texts, missing)], dtype=np.int64)
        return (pd.arrays.IntegerArray(values, np.array(missing)) if any(missing) else values), ColumnInfo(name, "integer")
    if all(_DOUBLE.fullmatch(t) for t in present):
        values = np.array([float(t) if not m else np.nan for t, m in zip(texts, missing)], dtype=np.float64)
        return values, ColumnInfo(name, "double")
    levels = sorted(set(present))
    codes = np.array([levels.index(t) if not m else -1 for t, m in zip(texts, missing)], dtype=np.int64)
    return pd.Categorical.from_codes(codes, categories=levels), ColumnInfo(name, "factor", levels)


def read_table_file(path):
    """The data frame `data()` makes of a text table, as a Table."""
    name = os.path.basename(path)
    compression = next((c for c in _OPENERS if c and name.endswith(c)), "")
    ext = os.path.splitext(name[: len(name) - len(compression)])[1]
    if ext not in TABLE_EXTENSIONS:
        raise DataFileError(f"{path}: not a table data() reads ({', '.join(TABLE_EXTENSIONS)})")
    sep = TABLE_EXTENSIONS[ext]
    with _OPENERS[compression](path, "rt", encoding="utf-8", errors="replace") as f:
        lines = [(n, _fields(line.rstrip("\r\n"), sep, path, n)) for n, line in enumerate(f, start=1)]
    lines = [(n, fields) for n, fields in lines if fields]
    if not lines:
        raise DataFileError(f"{path}: empty table")
    header = [make_name(text) for text, _ in lines[0][1]]
    rows = lines[1:]
    width = len(rows[0][1]) if rows else len(header)
    has_row_names = width == len(header) + 1
    if width != len(header) and not has_row_names:
        raise DataFileError(f"{path}:{rows[0][0]}: {width} fields for a header of {len(header)}")
    for number, fields in rows:
        if len(fields) != width:
            raise DataFileError(f"{path}:{number}: {len(fields)} fields where the first row has {width}")
    offset = 1 if has_row_names else 0
    triples = []
    for j, column in enumerate(header):
        texts = [fields[j + offset][0] for _, fields in rows]
        quoted = [fields[j + offset][1] for _, fields in rows]
        values, info = _convert(column, texts, quoted)
        triples.append((column, values, info))
    row_names = _informative([fields[0][0] for _, fields in rows]) if has_row_names else None
    frame, infos = _build(triples, len(rows), row_names)
    return Table(frame, infos, "data.frame")
