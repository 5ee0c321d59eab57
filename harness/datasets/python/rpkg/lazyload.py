"""R lazy-load databases: `<base>.rdx` (the index) and `<base>.rdb` (the serialized objects).

An installed package keeps its data sets in `data/Rdata.rdb/.rdx` and its help pages in
`help/<pkg>.rdb/.rdx`. The `.rdx` is a compressed serialization of a list with `variables` (a
named list of (offset, length) into the `.rdb`), `references` and `compressed`. Each `.rdb` entry
is a 4-byte big-endian length of the uncompressed data, then zlib data (compression type 1); types
2 and 3 add one byte naming the method (R's R_decompress3: 'Z' raw LZMA2 as xz presets it, '2'
bzip2, '1' zlib, '0' stored).
"""
import bz2
import lzma
import struct
import zlib

from .robject import named_elements
from .serialize import RFormatError, decompress, parse_serialized


_LZMA2 = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
_METHODS = {
    b"1": zlib.decompress,
    b"Z": lambda body: lzma.decompress(body, format=lzma.FORMAT_RAW, filters=_LZMA2),
    b"2": bz2.decompress,
    b"0": bytes,
}


def _offsets(entry, what):
    values = entry.value
    if values is None or len(values) != 2:
        raise RFormatError(f"{what}: an index entry is not (offset, length)")
    return int(values[0]), int(values[1])


class LazyLoadDB:
    def __init__(self, base):
        self.base = base
        with open(base + ".rdx", "rb") as f:
            index = named_elements(parse_serialized(decompress(f.read()), base + ".rdx"))
        if "variables" not in index:
            raise RFormatError(f"{base}.rdx has no `variables` list")
        self.compression = int(index["compressed"].value[0]) if "compressed" in index else 1
        self.variables = {name: _offsets(entry, f"{base}.rdx variable {name}") for name, entry in named_elements(index["variables"]).items()}

    def names(self):
        return list(self.variables)

    def raw(self, name):
        """The uncompressed serialization of one object."""
        if name not in self.variables:
            raise KeyError(f"{self.base}.rdb has no object {name}")
        offset, length = self.variables[name]
        with open(self.base + ".rdb", "rb") as f:
            f.seek(offset)
            block = f.read(length)
        if len(block) != length:
            raise RFormatError(f"{self.base}.rdb: entry {name} is cut short")
        (size,) = struct.unpack(">I", block[:4])
        body = block[4:]
        method = b"1" if self.compression == 1 else body[:1]
        if self.compression != 1:
            body = body[1:]
        decompress_method = _METHODS.get(method)
        if decompress_method is None:
            raise RFormatError(f"{self.base}.rdb: entry {name} has unknown compression {method!r}")
        out = decompress_method(body)
        if len(out) != size:
            raise RFormatError(f"{self.base}.rdb: entry {name} is {len(out)} bytes, its header says {size}")
        return out

    def get(self, name):
        """One object, parsed (an rdata RObject)."""
        return parse_serialized(self.raw(name), f"{self.base}.rdb[{name}]")

