"""A minimal writer of R's XDR serialization, to build test inputs byte by byte (R writes these with saveRDS)."""
import struct

NIL = struct.pack(">i", 254)
UTF8, ASCII = 1 << 3, 1 << 6


def _int(value):
    return struct.pack(">i", value)


def flags(kind, attributes=False, tag=False, is_object=False, gp=0):
    return _int(kind | (is_object << 8) | (attributes << 9) | (tag << 10) | (gp << 12))


def char(text, gp=UTF8):
    if text is None:
        return flags(9) + _int(-1)
    raw = text.encode("utf-8")
    return flags(9, gp=gp) + _int(len(raw)) + raw


def symbol(name):
    return flags(1) + char(name, ASCII)


def pairlist(items):
    """A tagged pairlist: [(name, serialized value)], NIL-terminated (attributes are one)."""
    out = b""
    for name, value in items:
        out += flags(2, tag=True) + symbol(name) + value
    return out + NIL


def _vector(kind, body, length, attrs):
    return flags(kind, attributes=bool(attrs), is_object=any(n == "class" for n, _ in attrs or [])) + _int(length) + body + (pairlist(attrs) if attrs else b"")


def integers(values, attrs=None):
    return _vector(13, b"".join(_int(v) for v in values), len(values), attrs)


def logicals(values, attrs=None):
    return _vector(10, b"".join(_int(v) for v in values), len(values), attrs)


def doubles(values, attrs=None):
    return _vector(14, b"".join(struct.pack(">d", v) for v in values), len(values), attrs)


def strings(values, attrs=None):
    return _vector(16, b"".join(char(v) for v in values), len(values), attrs)


def generic(elements, attrs=None):
    return _vector(19, b"".join(elements), len(elements), attrs)


def compact_intseq(length, first):
    """ALTREP 1:n as R 3.5+ writes row names and seq_len(): class pairlist, state (n, first, step), attributes."""
    info = flags(2) + symbol("compact_intseq") + flags(2) + symbol("base") + flags(2) + integers([13]) + NIL
    return _int(238) + info + doubles([float(length), float(first), 1.0]) + NIL


def data_frame(columns, nrow, row_names=None):
    """A data.frame of [(name, serialized column)] with R's compact row names c(NA, -nrow) unless given."""
    rows = row_names if row_names is not None else integers([-(2**31), -nrow])
    return generic([v for _, v in columns], [("names", strings([n for n, _ in columns])), ("class", strings(["data.frame"])), ("row.names", rows)])


def serialization(obj, version=3):
    header = b"X\n" + _int(version) + _int(0x040200) + _int(0x030500)
    if version == 3:
        header += _int(5) + b"UTF-8"
    return header + obj
