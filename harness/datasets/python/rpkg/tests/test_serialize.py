import gzip
import os
import tempfile
import unittest

import numpy as np

from rpkg.robject import attributes, elements, names, pairlist, r_class, strings
from rpkg.serialize import NA_INTEGER, Persistent, RFormatError, parse_serialized, read_serialized_file

from . import rwrite as w


class SerializeTest(unittest.TestCase):
    def test_numbers_keep_missing_values(self):
        obj = parse_serialized(w.serialization(w.integers([1, NA_INTEGER, 3])), "ints")
        self.assertEqual(obj.value.tolist(), [1, NA_INTEGER, 3])
        obj = parse_serialized(w.serialization(w.doubles([1.5, float("nan")])), "doubles")
        self.assertEqual(obj.value[0], 1.5)
        self.assertTrue(np.isnan(obj.value[1]))
        # rdata reads logicals as bool and turns NA into TRUE; they stay integers here.
        obj = parse_serialized(w.serialization(w.logicals([1, 0, NA_INTEGER])), "logicals")
        self.assertEqual(obj.value.tolist(), [1, 0, NA_INTEGER])

    def test_strings_are_decoded_by_their_flags(self):
        obj = parse_serialized(w.serialization(w.strings(["a", None, "Zürich"])), "strings")
        self.assertEqual(strings(obj), ["a", None, "Zürich"])
        latin1 = w.flags(9, gp=1 << 2) + w._int(1) + b"\xe9"
        obj = parse_serialized(w.serialization(w._vector(16, latin1, 1, None)), "latin1")
        self.assertEqual(strings(obj), ["é"])

    def test_compact_sequences_keep_every_element(self):
        # rdata 0.5 builds arange(first, length): row names 1..5 would lose their last element.
        obj = parse_serialized(w.serialization(w.compact_intseq(5, 1)), "1:5")
        self.assertEqual(list(obj.value), [1, 2, 3, 4, 5])

    def test_attributes_names_and_class(self):
        frame = w.data_frame([("x", w.integers([1, 2])), ("y", w.strings(["a", "b"]))], 2)
        obj = parse_serialized(w.serialization(frame), "frame")
        self.assertEqual(r_class(obj), ["data.frame"])
        self.assertEqual(names(obj), ["x", "y"])
        self.assertEqual(strings(elements(obj)[1]), ["a", "b"])

    def test_a_pairlist_node_with_attributes_and_a_tag_reads_both(self):
        node = w.flags(2, attributes=True, tag=True) + w.pairlist([("comment", w.strings(["c"]))]) + w.symbol("x") + w.integers([7]) + w.NIL
        obj = parse_serialized(w.serialization(node), "pairlist")
        self.assertEqual([(t, v.value.tolist()) for t, v in pairlist(obj)], [("x", [7])])
        self.assertEqual(strings(attributes(obj)["comment"]), ["c"])

    def test_persistent_references_are_kept_by_name(self):
        persistent = w._int(247) + w._int(0) + w._int(1) + w.char("env::3", w.ASCII)
        obj = parse_serialized(w.serialization(w.generic([persistent])), "persistent")
        self.assertIsInstance(elements(obj)[0].value, Persistent)
        self.assertEqual(elements(obj)[0].value.names, ["env::3"])

    def test_format_version_2_and_rda_headers(self):
        obj = parse_serialized(b"RDX2\n" + w.serialization(w.pairlist([("a", w.integers([1]))]), version=2), "v2")
        self.assertEqual(pairlist(obj)[0][0], "a")

    def test_gzip_files_and_errors_naming_the_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "x.rds")
            with open(path, "wb") as f:
                f.write(gzip.compress(w.serialization(w.integers([4]))))
            self.assertEqual(read_serialized_file(path).value.tolist(), [4])
        with self.assertRaisesRegex(RFormatError, "not-r.bin: not an R XDR serialization"):
            parse_serialized(b"PK\x03\x04", "not-r.bin")
        with self.assertRaisesRegex(RFormatError, "cut.rds"):
            parse_serialized(w.serialization(w.integers([1, 2, 3]))[:-6], "cut.rds")


if __name__ == "__main__":
    unittest.main()
