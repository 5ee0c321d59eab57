"""R's serialization format, parsed with python3-rdata's XDR parser plus the parts it lacks.

rdata reads every number through xdrlib one at a time and stores strings as CHARSXP objects; data
sets hold millions of values and help pages hundreds of thousands of nodes, so atomic vectors are
read here with numpy in one step, strings are decoded where their encoding flags are, and the
common node types (lists, pairlists, symbols, references) are read without rdata's per-node
dataclass work; rdata's parser handles the rest (environments, ALTREP, S4). rdata 0.5 also misreads compact integer sequences
(`1:n` row names lose their last element) and does not know persistent references (how lazy-load
databases point at shared environments); both are handled here.
"""
import bz2
import gzip
import lzma
import struct
import zlib

import numpy as np
from rdata.parser import DEFAULT_ALTREP_MAP, RObject, RObjectInfo, RObjectType
from rdata.parser._parser import ParserXDR, parse_r_object_info

# R's NA_integer_ (also NA for logicals): the smallest 32-bit integer.
NA_INTEGER = -(2**31)

_SYM, _CHAR, _LGL, _INT, _REAL, _STR, _VEC, _EXPR = 1, 9, 10, 13, 14, 16, 19, 20
_NILVALUE, _REF = 254, 255
# Pairlist-shaped types: [attributes] [tag] car cdr. rdata skips the tag of a node that has both,
# and has no closures (model formulas and groupedData carry their environment and functions).
_PAIRLIKE = {2: RObjectType.LIST, 3: RObjectType.CLO, 5: RObjectType.PROM, 6: RObjectType.LANG, 17: RObjectType.DOT}
# Serialization-only codes (R's serialize.c): a persistent, namespace or package reference is a
# string vector naming it, entered in the reference table; the others are singletons with no payload.
_NAMED_REFS = (247, 249, 248)
_SINGLETONS = (250, 251, 252, 241)
_UTF8, _LATIN1, _BYTES, _ASCII = 1 << 3, 1 << 2, 1 << 1, 1 << 6


class RFormatError(ValueError):
    """Bytes that are not an R serialization this reader understands."""


def _compact_seq(state, is_int):
    # The state is (length, first, step), as R's compact_intseq/compact_realseq store it.
    length, first, step = (float(v) for v in state.value[:3])
    values = first + step * np.arange(int(length))
    info = RObjectInfo(type=RObjectType.INT if is_int else RObjectType.REAL, object=False, attributes=False, tag=False, gp=0, reference=0)
    return info, values.astype(np.int64) if is_int else values


_ALTREP = {
    **DEFAULT_ALTREP_MAP,
    b"compact_intseq": lambda state: _compact_seq(state, True),
    b"compact_realseq": lambda state: _compact_seq(state, False),
}


class Persistent:
    """A persistent, namespace or package reference (e.g. `env::3` of a lazy-load database), kept by name, not followed."""

    def __init__(self, names):
        self.names = names

    def __repr__(self):
        return f"Persistent({self.names})"


class _Parser(ParserXDR):
    def __init__(self, data):
        super().__init__(data, altrep_constructor_dict=_ALTREP)
        self.native_encoding = None
        self._infos = {}

    def parse_int(self):
        (value,) = struct.unpack_from(">i", self.data, self.position)
        self.position += 4
        return value

    def parse_double(self):
        (value,) = struct.unpack_from(">d", self.data, self.position)
        self.position += 8
        return value

    def parse_extra_info(self, versions):
        extra = super().parse_extra_info(versions)
        self.native_encoding = extra.encoding
        return extra

    def _length(self):
        length = self.parse_int()
        if length == -1:  # a long vector: two more ints
            upper, lower = self.parse_int(), self.parse_int()
            length = (upper << 32) + (lower & 0xFFFFFFFF)
        return length

    def _decode(self, raw, gp):
        if gp & _ASCII or raw.isascii():
            return raw.decode("ascii")
        if gp & _UTF8:
            return raw.decode("utf-8", errors="replace")
        if gp & _LATIN1:
            return raw.decode("latin-1")
        # Unmarked strings are in the writer's native encoding (recorded from format 3 on).
        encoding = (self.native_encoding or "").lower().replace("-", "")
        if encoding in ("latin1", "iso88591"):
            return raw.decode("latin-1")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")

    def _strings(self, length):
        data, position, unpack = self.data, self.position, struct.unpack_from
        values = [None] * length
        for i in range(length):
            flags, size = unpack(">ii", data, position)
            position += 8
            if flags & 0xFF != _CHAR:
                raise RFormatError(f"string vector element of type {flags & 0xFF} at byte {position - 8}")
            if size >= 0:
                values[i] = self._decode(bytes(data[position : position + size]), (flags >> 12) & 0xFFFF)
                position += size
        self.position = position
        return values

    def _info(self, flags):
        # Every node of a help page has the same few flag words; rdata builds a dataclass per node.
        info = self._infos.get(flags)
        if info is None:
            info = self._infos[flags] = parse_r_object_info(flags)
        return info

    def parse_R_object(self, reference_list=None):
        if reference_list is None:
            reference_list = []
        (flags,) = struct.unpack_from(">i", self.data, self.position)
        kind = flags & 0xFF
        if kind in _NAMED_REFS:
            self.position += 4
            if self.parse_int() != 0:
                raise RFormatError(f"malformed reference (type {kind}) at byte {self.position - 4}")
            result = RObject(info=self._info(0), value=Persistent(self._strings(self.parse_int())), attributes=None)
            reference_list.append(result)
            return result
        if kind in _SINGLETONS or kind == _NILVALUE:
            self.position += 4
            return RObject(info=self._info(_NILVALUE if kind == _NILVALUE else 0), value=None, attributes=None)
        if kind == _REF:
            self.position += 4
            return RObject(info=self._info(flags), value=None, attributes=None, referenced_object=reference_list[(flags >> 8) - 1])
        if kind == _SYM:
            self.position += 4
            result = RObject(info=self._info(flags), value=self.parse_R_object(reference_list), attributes=None)
            reference_list.append(result)
            return result
        info = self._info(flags)
        if kind in _PAIRLIKE:
            self.position += 4
            attributes = self.parse_R_object(reference_list) if info.attributes else None
            tag = self.parse_R_object(reference_list) if info.tag else None
            car = self.parse_R_object(reference_list)
            cdr = self.parse_R_object(reference_list)
            return RObject(info=info, value=(car, cdr), attributes=attributes, tag=tag)
        if kind not in (_LGL, _INT, _REAL, _STR, _VEC, _EXPR):
            return super().parse_R_object(reference_list)
        self.position += 4
        length = self._length()
        if kind == _STR:
            value = self._strings(length)
        elif kind in (_VEC, _EXPR):
            value = [self.parse_R_object(reference_list) for _ in range(length)]
        else:
            dtype, size = (">f8", 8) if kind == _REAL else (">i4", 4)
            raw = np.frombuffer(self.data, dtype=dtype, count=length, offset=self.position)
            self.position += length * size
            # Logicals stay int32 so NA (NA_INTEGER) survives; integers widen to int64 as rdata's do.
            value = raw.astype(np.float64 if kind == _REAL else np.int32 if kind == _LGL else np.int64)
        attributes = self.parse_R_object(reference_list) if info.attributes else None
        return RObject(info=info, value=value, attributes=attributes)


def decompress(data):
    """The bytes of a gzip, bzip2 or xz file (an .rds or .rda), or the bytes themselves if plain."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:3] == b"BZh":
        return bz2.decompress(data)
    if data[:6] == b"\xfd7zXZ\x00":
        return lzma.decompress(data)
    if data[:2] == b"x\x9c":
        return zlib.decompress(data)
    return data


def parse_serialized(data, what):
    """The object of a serialization (`X\\n` + versions + object), as an rdata RObject tree.

    `.rda` files carry a `RDX2\\n`/`RDX3\\n` line first and hold a pairlist of named objects.
    """
    view = memoryview(data)
    for magic in (b"RDX2\n", b"RDX3\n"):
        if bytes(view[:5]) == magic:
            view = view[5:]
    if bytes(view[:2]) != b"X\n":
        raise RFormatError(f"{what}: not an R XDR serialization (starts with {bytes(view[:6])!r})")
    try:
        return _Parser(view[2:]).parse_all().object
    except (struct.error, ValueError, NotImplementedError, IndexError) as err:
        raise RFormatError(f"{what}: {err}") from err


def read_serialized_file(path):
    """Reads an .rds (one object) or .rda (a pairlist of named objects) file."""
    with open(path, "rb") as f:
        return parse_serialized(decompress(f.read()), path)
