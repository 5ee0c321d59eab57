import lzma
import os
import struct
import tempfile
import unittest
import zlib

from rpkg.lazyload import LazyLoadDB
from rpkg.serialize import RFormatError

from . import rwrite as w


def write_db(folder, objects, compression=1):
    """A lazy-load database as R's makeLazyLoadDB writes it: .rdb entries and an .rdx index."""
    base = os.path.join(folder, "Rdata")
    offsets, blob = [], b""
    for name, payload in objects.items():
        data = w.serialization(payload)
        if compression == 1:
            entry = struct.pack(">I", len(data)) + zlib.compress(data)
        else:
            raw = lzma.compress(data, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}])
            entry = struct.pack(">I", len(data)) + b"Z" + raw
        offsets.append((name, len(blob), len(entry)))
        blob += entry
    variables = w.generic([w.integers([o, n]) for _, o, n in offsets], [("names", w.strings([name for name, _, _ in offsets]))])
    flag = w.logicals([1]) if compression == 1 else w.integers([compression])
    index = w.generic([variables, w.generic([]), flag], [("names", w.strings(["variables", "references", "compressed"]))])
    with open(base + ".rdb", "wb") as f:
        f.write(blob)
    with open(base + ".rdx", "wb") as f:
        f.write(zlib.compress(w.serialization(index)))
    return base


class LazyLoadTest(unittest.TestCase):
    def test_objects_by_name_with_zlib_entries(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = LazyLoadDB(write_db(tmp, {"a": w.integers([1, 2]), "b": w.strings(["x"])}))
            self.assertEqual(db.names(), ["a", "b"])
            self.assertEqual(db.get("a").value.tolist(), [1, 2])
            self.assertEqual(db.get("b").value, ["x"])

    def test_type_3_entries_are_raw_lzma2(self):
        # data/Rdata.rdb of survival and modeldata: compressed = 3, each entry marked 'Z'.
        with tempfile.TemporaryDirectory() as tmp:
            db = LazyLoadDB(write_db(tmp, {"a": w.doubles([2.5])}, compression=3))
            self.assertEqual(db.get("a").value.tolist(), [2.5])

    def test_a_cut_entry_and_an_unknown_name_are_named(self):
        with tempfile.TemporaryDirectory() as tmp:
            base = write_db(tmp, {"a": w.integers(list(range(100)))})
            with open(base + ".rdb", "r+b") as f:
                f.truncate(10)
            db = LazyLoadDB(base)
            with self.assertRaisesRegex(RFormatError, r"Rdata.rdb: entry a is cut short"):
                db.get("a")
            with self.assertRaisesRegex(KeyError, "has no object zz"):
                db.get("zz")


if __name__ == "__main__":
    unittest.main()
