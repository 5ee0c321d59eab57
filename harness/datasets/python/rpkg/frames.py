"""R objects as tables (pandas DataFrames): data frames, matrices and multivariate time series.

Anything else (a vector, a list, a model, a corpus) raises NotATable with R's description of it,
and a column no table can hold (a list, complex numbers) raises UnsupportedColumn: both become the
listed reason a data set is left out.
"""
import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
from rdata.parser import RObjectType

from .robject import attribute, deref, elements, is_nil, names, r_class, strings, type_name
from .serialize import NA_INTEGER


class NotATable(ValueError):
    """The object is not tabular (the message says what it is)."""


class UnsupportedColumn(ValueError):
    """A column of a table has a type the canonical CSV form cannot hold."""


@dataclass
class ColumnInfo:
    """What R knew about a column beyond its values: factor levels, class, unit of a difftime."""

    name: str
    kind: str  # factor | ordered | logical | integer | double | character | date | datetime | time
    levels: list = field(default_factory=list)
    unit: str = ""
    r_class: list = field(default_factory=list)


@dataclass
class Table:
    frame: pd.DataFrame
    columns: list  # ColumnInfo, one per frame column
    kind: str  # data.frame | matrix | ts
    frequency: float = 0.0

    @property
    def rows(self):
        return len(self.frame)


def describe(obj):
    """R's own words for an object: its class, else its type and length."""
    obj = deref(obj)
    cls = r_class(obj)
    dim = attribute(obj, "dim")
    length = len(obj.value) if isinstance(obj.value, (list, np.ndarray)) else 0
    if cls:
        return "/".join(cls) + (f" ({type_name(obj)} vector of length {length})" if dim is None and obj.info.type != RObjectType.VEC else "")
    if dim is not None and obj.info.type != RObjectType.VEC:
        return f"{type_name(obj)} array {'x'.join(str(int(d)) for d in dim.value)}"
    return f"{type_name(obj)} vector of length {length}"


def _row_count(obj, columns):
    rn = attribute(obj, "row.names")
    if rn is not None and rn.info.type == RObjectType.INT and len(rn.value) == 2 and rn.value[0] == NA_INTEGER:
        return abs(int(rn.value[1]))  # the compact form c(NA, -n)
    if rn is not None and rn.value is not None:
        return len(rn.value)
    return len(columns[0][1]) if columns else 0


def _row_names(obj):
    """Row names that carry information (strings other than 1..n); None for automatic ones."""
    rn = attribute(obj, "row.names")
    return _informative(strings(rn)) if rn is not None and rn.info.type == RObjectType.STR else None


def _informative(row_names):
    """Row names other than the numbers R gives rows by default (also left over after subsetting)."""
    if row_names is None or all(v is not None and re.fullmatch(r"-?\d+", v) for v in row_names):
        return None
    return row_names


def _integers(values):
    values = np.asarray(values, dtype=np.int64)
    missing = values == NA_INTEGER
    return pd.arrays.IntegerArray(values, missing) if missing.any() else values


def _dates(days):
    epoch = dt.date(1970, 1, 1)
    return [None if not np.isfinite(d) else (epoch + dt.timedelta(days=int(np.floor(d)))).isoformat() for d in np.asarray(days, dtype=np.float64)]


def _datetimes(seconds, tzone):
    try:
        zone = ZoneInfo(tzone) if tzone and tzone not in ("UTC", "GMT") else dt.timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.timezone.utc
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    out = []
    for s in np.asarray(seconds, dtype=np.float64):
        if not np.isfinite(s):
            out.append(None)
            continue
        stamp = (epoch + dt.timedelta(seconds=float(s))).astimezone(zone)
        text = stamp.replace(tzinfo=None).isoformat(timespec="seconds" if float(s).is_integer() else "milliseconds")
        offset = stamp.strftime("%z")
        out.append(text + ("Z" if offset == "+0000" else f"{offset[:3]}:{offset[3:]}"))
    return out


def _posixlt(obj):
    """A POSIXlt (a list of sec, min, hour, mday, mon, year...) as POSIXct seconds."""
    parts = dict(zip(names(obj), elements(obj)))
    stamps = []
    for i in range(len(parts["year"].value)):
        year, mon, mday = (int(parts[k].value[i]) for k in ("year", "mon", "mday"))
        if NA_INTEGER in (year, mon, mday):
            stamps.append(np.nan)
            continue
        day = dt.datetime(1900 + year, 1, 1) + pd.DateOffset(months=mon) + dt.timedelta(days=mday - 1)
        sec = float(parts["sec"].value[i]) + 60 * int(parts["min"].value[i]) + 3600 * int(parts["hour"].value[i])
        stamps.append((day - dt.datetime(1970, 1, 1)).total_seconds() + sec)
    return np.array(stamps)


@dataclass
class _Meta:
    """The attributes that decide how a vector reads: class, factor levels, time zone, difftime units."""

    cls: list
    levels: list
    tzone: str
    units: str


def _meta(obj, drop=()):
    def first(name):
        value = attribute(obj, name)
        values = strings(value) if value is not None and value.info.type == RObjectType.STR else []
        return values[0] if values else ""

    levels = attribute(obj, "levels")
    return _Meta([c for c in r_class(obj) if c not in drop], strings(levels) if levels is not None and levels.info.type == RObjectType.STR else [], first("tzone"), first("units"))


def column_values(obj, name):
    """The (name, values, ColumnInfo) triples one R column gives (a matrix or data frame column gives several)."""
    obj = deref(obj)
    cls = r_class(obj)
    dim = attribute(obj, "dim")
    if "data.frame" in cls:
        return [(f"{name}.{sub}", values, ColumnInfo(f"{name}.{sub}", info.kind, info.levels, info.unit, info.r_class)) for sub, values, info in _frame_columns(obj)]
    if "POSIXlt" in cls:
        return [(name, _datetimes(_posixlt(obj), _meta(obj).tzone), ColumnInfo(name, "datetime", r_class=cls))]
    if obj.info.type not in (RObjectType.LGL, RObjectType.INT, RObjectType.REAL, RObjectType.STR):
        raise UnsupportedColumn(f"column {name} is a {describe(obj)}")
    if dim is not None and len(dim.value) == 2:
        return _matrix_columns(obj, prefix=name)
    return [_vector(name, obj.info.type, obj.value, _meta(obj))]


def _vector(name, rtype, value, meta):
    cls = meta.cls
    if rtype == RObjectType.INT and ("factor" in cls or "ordered" in cls):
        ordered = "ordered" in cls
        codes = np.asarray(value, dtype=np.int64)
        codes = np.where((codes >= 1) & (codes <= len(meta.levels)), codes - 1, -1)
        values = pd.Categorical.from_codes(codes, categories=meta.levels, ordered=ordered)
        return name, values, ColumnInfo(name, "ordered" if ordered else "factor", meta.levels, r_class=cls)
    if rtype in (RObjectType.REAL, RObjectType.INT) and "Date" in cls:
        return name, _dates(value), ColumnInfo(name, "date", r_class=cls)
    if rtype in (RObjectType.REAL, RObjectType.INT) and "POSIXct" in cls:
        return name, _datetimes(value, meta.tzone), ColumnInfo(name, "datetime", r_class=cls)
    if rtype == RObjectType.LGL:
        raw = np.asarray(value)
        values = pd.arrays.BooleanArray(raw != 0, raw == NA_INTEGER)
        return name, values, ColumnInfo(name, "logical", r_class=cls)
    if rtype == RObjectType.INT:
        return name, _integers(value), ColumnInfo(name, "integer", r_class=cls)
    if rtype == RObjectType.REAL:
        return name, np.asarray(value, dtype=np.float64), ColumnInfo(name, "double", unit=meta.units if "difftime" in cls else "", r_class=cls)
    return name, np.array(value, dtype=object), ColumnInfo(name, "character", r_class=cls)


def _colnames(obj):
    dimnames = attribute(obj, "dimnames")
    if dimnames is None or is_nil(dimnames):
        return None, None
    parts = [None if is_nil(p) else strings(p) for p in elements(dimnames)]
    return (parts + [None, None])[:2]


def _matrix_columns(obj, prefix=None):
    """Columns of an atomic matrix, named `<prefix>.<colname>` inside a data frame (as R writes them)."""
    nrow, ncol = (int(d) for d in attribute(obj, "dim").value)
    colnames = _colnames(obj)[1] or [str(j + 1) for j in range(ncol)]
    meta = _meta(obj, drop=("matrix", "array", "mts", "ts"))
    return [_vector(f"{prefix}.{col}" if prefix else col, obj.info.type, obj.value[j * nrow : (j + 1) * nrow], meta) for j, col in enumerate(colnames)]


def _frame_columns(obj):
    found = []
    for name, col in zip(names(obj), elements(obj)):
        found.extend(column_values(col, name))
    return found


def _build(triples, rows, row_names=None):
    data, infos = {}, []
    if row_names is not None:
        data["rowname"] = np.array(row_names, dtype=object)
        infos.append(ColumnInfo("rowname", "character", r_class=["row.names"]))
    for name, values, info in triples:
        if name in data:
            raise UnsupportedColumn(f"column name {name} occurs twice")
        if len(values) != rows:
            raise UnsupportedColumn(f"column {name} has {len(values)} values for {rows} rows")
        data[name] = values
        infos.append(info)
    return pd.DataFrame(data, index=pd.RangeIndex(rows)), infos


def _ts_times(tsp, rows):
    """The time index of a ts: years for annual series, `YYYY-MM` for monthly and quarterly ones."""
    start, _, frequency = (float(v) for v in tsp)
    steps = np.arange(rows)
    if frequency in (4.0, 12.0):
        first = int(round(start * frequency))
        months = [(first + i) * (12 // int(frequency)) for i in steps]
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months], frequency
    values = start + steps / frequency
    if frequency == 1.0 and float(start).is_integer():
        return values.astype(np.int64), frequency
    return np.round(values, 6), frequency


def to_table(obj):
    """The table an R object holds, or NotATable saying what it is instead."""
    obj = deref(obj)
    cls = r_class(obj)
    if "data.frame" in cls:
        triples = _frame_columns(obj)
        rows = _row_count(obj, triples)
        frame, infos = _build(triples, rows, _row_names(obj))
        return Table(frame, infos, "data.frame")
    dim = attribute(obj, "dim")
    if obj.info.type in (RObjectType.LGL, RObjectType.INT, RObjectType.REAL, RObjectType.STR) and dim is not None and len(dim.value) == 2:
        triples = _matrix_columns(obj)
        rows = int(dim.value[0])
        tsp = attribute(obj, "tsp")
        if tsp is not None:
            times, frequency = _ts_times(tsp.value, rows)
            index = "ts_time" if any(name == "time" for name, _, _ in triples) else "time"
            frame, infos = _build([(index, times, ColumnInfo(index, "time"))] + triples, rows)
            return Table(frame, infos, "ts", frequency)
        frame, infos = _build(triples, rows, _informative(_colnames(obj)[0]))
        return Table(frame, infos, "matrix")
    raise NotATable(f"not a data frame: {describe(obj)}")
